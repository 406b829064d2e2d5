"""The Qt-free core: content, database, search, answers, user data."""
