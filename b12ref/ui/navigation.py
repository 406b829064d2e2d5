"""Back/forward history of visited pages (plain Python, used by the window)."""

from __future__ import annotations


class History:
    def __init__(self) -> None:
        self.back_stack: list[str] = []
        self.forward_stack: list[str] = []
        self.current: str | None = None

    def visit(self, page_id: str) -> None:
        if page_id == self.current:
            return
        if self.current is not None:
            self.back_stack.append(self.current)
        self.current = page_id
        self.forward_stack.clear()

    def back(self) -> str | None:
        if not self.back_stack:
            return None
        if self.current is not None:
            self.forward_stack.append(self.current)
        self.current = self.back_stack.pop()
        return self.current

    def forward(self) -> str | None:
        if not self.forward_stack:
            return None
        if self.current is not None:
            self.back_stack.append(self.current)
        self.current = self.forward_stack.pop()
        return self.current

    @property
    def can_back(self) -> bool:
        return bool(self.back_stack)

    @property
    def can_forward(self) -> bool:
        return bool(self.forward_stack)
