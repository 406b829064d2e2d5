"""The app's desktop identity: its id (the .desktop file's name, the metainfo id, the icon name) and icon sizes."""

APP_ID = "io.github.b12ref.b12ref"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
