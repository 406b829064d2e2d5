"""The Qt Widgets window."""
