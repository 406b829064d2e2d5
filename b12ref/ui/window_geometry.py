"""Where the main window opens: fit for the screen the first time, as it was left afterwards,
and back on a screen when the saved place is on none (a monitor unplugged, a smaller screen).

The sums are on plain rectangles (`first_run_rect`, `corrected_rect`) so they are tested without
a display; `place_window` applies them to a window before it is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSplitter, QWidget

AREA_SHARE = 0.8  # of the available area, the first time: each side is sqrt(0.8), about 89%
SIDE_SHARE = AREA_SHARE ** 0.5
MIN_SIZE = QSize(1024, 640)  # at least this, where the screen has room for it
MIN_VISIBLE = QSize(160, 48)  # of a restored window, this much must be on a screen to keep its place
LEFT_SHARE = 0.27  # the search pane's share of the width, between these bounds
LEFT_MIN, LEFT_MAX = 280, 440


def first_run_rect(available: QRect) -> QRect:
    """About 80% of the available area (at least MIN_SIZE where it fits), centred in it."""
    width = min(available.width(), max(round(available.width() * SIDE_SHARE), MIN_SIZE.width()))
    height = min(available.height(), max(round(available.height() * SIDE_SHARE), MIN_SIZE.height()))
    rect = QRect(0, 0, width, height)
    rect.moveCenter(available.center())
    return rect


def _visible_enough(frame: QRect, screen: QRect) -> bool:
    overlap = frame.intersected(screen)
    # the title bar (the top of the frame) must be on the screen, so it can be dragged
    return (overlap.width() >= min(MIN_VISIBLE.width(), frame.width())
            and overlap.height() >= min(MIN_VISIBLE.height(), frame.height())
            and screen.top() <= frame.top() < screen.bottom())


def corrected_rect(frame: QRect, screens: list[QRect]) -> QRect | None:
    """None when the frame is usable where it is; otherwise where it should go instead: on the
    screen it overlaps most (or the first), shrunk to fit and moved inside."""
    if not screens:
        return None
    fits = any(frame.width() <= s.width() and frame.height() <= s.height() for s in screens)
    if fits and any(_visible_enough(frame, s) for s in screens):
        return None
    best = max(screens, key=lambda s: _area(frame.intersected(s)))
    if _area(frame.intersected(best)) == 0:
        best = screens[0]
    if frame.width() > best.width() or frame.height() > best.height() or not frame.isValid():
        return first_run_rect(best)
    rect = QRect(frame)
    rect.moveLeft(min(max(rect.left(), best.left()), best.right() - rect.width() + 1))
    rect.moveTop(min(max(rect.top(), best.top()), best.bottom() - rect.height() + 1))
    return rect


def _area(rect: QRect) -> int:
    return max(0, rect.width()) * max(0, rect.height())


def available_screens() -> list[QRect]:
    return [screen.availableGeometry() for screen in QGuiApplication.screens()]


def place_window(window: QWidget, saved: QByteArray | bytes | None) -> str:
    """Restore the saved geometry, correcting it if it is off every screen; or place the window
    for a first run. Returns what was done: "restored", "corrected" or "first-run"."""
    if saved and window.restoreGeometry(QByteArray(saved)):
        frame = window.frameGeometry() if window.isVisible() else window.geometry()
        fixed = corrected_rect(frame, available_screens())
        if fixed is None:
            return "restored"
        window.setWindowState(window.windowState() & ~_maximised_or_full())
        window.resize(fixed.size())
        window.move(fixed.topLeft())
        return "corrected"
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return "first-run"
    rect = first_run_rect(screen.availableGeometry())
    # the size is the client area's; the frame adds a title bar and borders once shown, so leave
    # room for a typical one and keep the whole frame inside the available area
    window.resize(max(200, rect.width() - 2), max(200, rect.height() - 32))
    window.move(rect.topLeft())
    return "first-run"


def split_sensibly(splitter: QSplitter, width: int) -> None:
    """The search | page split for a window this wide: the search pane gets about a quarter."""
    left = max(LEFT_MIN, min(LEFT_MAX, round(width * LEFT_SHARE)))
    splitter.setSizes([left, max(1, width - left)])


def _maximised_or_full():
    from PySide6.QtCore import Qt

    return Qt.WindowMaximized | Qt.WindowFullScreen


def place_and_split(window) -> str:
    """place_window() with the window's saved geometry, then a sensible split if none was saved."""
    placed = place_window(window, window.settings.get("window/geometry"))
    if window.settings.get("window/main_splitter") is None:
        split_sensibly(window.splitter, window.width())
    return placed


def restore_layout(window) -> None:
    """What the frame has not restored already (its size and the main split): tool bars and zoom. The
    page split is restored with the page views (ui/page_views.py)."""
    state = window.settings.get("window/state")
    if state is not None:
        window.restoreState(state)
    window.zoom = window.settings.get("view/zoom")


def save_layout(window) -> None:
    """The window's size and place, tool bars, splits (the page split once the page views exist)."""
    window.settings.set("window/geometry", window.saveGeometry())
    window.settings.set("window/state", window.saveState())
    window.settings.set("window/main_splitter", window.splitter.saveState())
    views = window.page_views_if_built()
    if views is not None:  # else the page split stays as it was saved
        window.settings.set("window/page_splitter", views.deficiency.splitter.saveState())
    window.settings.sync()
