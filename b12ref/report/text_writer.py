"""Write a Document as terminal text for `show`, `ask` and `export`'s neighbours: headings underlined,
bold as bold where the terminal shows it (plain elsewhere), citations as [1, 2], numbered references."""

from __future__ import annotations

import textwrap

from b12ref.report.document import Block, Bullets, Document, Heading, KeyValues, Nav, Para, Rich, Scale, Table

BOLD, RESET = "\x1b[1m", "\x1b[0m"


class TextWriter:
    def __init__(self, doc: Document, styled: bool = False, width: int = 100) -> None:
        self.doc = doc
        self.styled = styled
        self.width = max(40, width)

    def text(self) -> str:
        out = [self.block(b) for b in self.doc.blocks]
        cited = self.doc.cited()
        if cited:
            out.append(self.heading("References", 2))
            out.append("\n".join(f"[{n}] {w.citation()}" + (f" {w.link}" if w.link else "")
                                 for n, w in enumerate(cited, start=1)))
        return "\n".join(o for o in out if o).rstrip() + "\n"

    def spans(self, text: Rich) -> str:
        if not self.styled:
            return "".join(s.text for s in text)
        return "".join(f"{BOLD}{s.text}{RESET}" if s.bold else s.text for s in text)

    def cites(self, ids: list[str]) -> str:
        numbers = self.doc.number(ids)
        return f" [{', '.join(map(str, numbers))}]" if numbers else ""

    def heading(self, text: str, level: int) -> str:
        line = "=" if level <= 1 else "-"
        title = f"{BOLD}{text}{RESET}" if self.styled else text
        return f"\n{title}\n{line * min(len(text), self.width)}"

    def wrap(self, text: str, indent: str = "", first: str = "") -> str:
        return textwrap.fill(text, self.width, initial_indent=first or indent, subsequent_indent=indent,
                             break_long_words=False, break_on_hyphens=False) if not self.styled else first + text

    def block(self, b: Block) -> str:
        if isinstance(b, Heading):
            return self.heading(b.text, b.level)
        if isinstance(b, Para) and b.style == "toc":
            return ""  # the list of parts is for the window; a terminal scrolls
        if isinstance(b, Para):
            prefix = "! " if b.style in ("seek",) else ""
            return self.wrap(prefix + self.spans(b.text) + self.cites(b.cites)) + "\n"
        if isinstance(b, Bullets):
            lines = []
            for i in b.items:
                lines.append(self.wrap(self.spans(i.text) + self.cites(i.cites), "    ", "  - "))
                if i.detail:
                    lines.append(self.wrap(self.spans(i.detail), "      ", "      "))
            return "\n".join(lines) + "\n"
        if isinstance(b, KeyValues):
            width = max((len(k) for k, _ in b.rows), default=0)
            return "\n".join(self.wrap(self.spans(v), " " * (width + 4), f"  {k.ljust(width)}  ")
                             for k, v in b.rows) + "\n"
        if isinstance(b, Table):
            return self.table(b)
        if isinstance(b, Scale):
            return self.scale(b)
        if isinstance(b, Nav):
            lines = [f"  {s.text}: b12ref show {s.link.split('#')[0]}" for s in b.links
                     if s.link and not s.link.startswith(("ask:", "https://", "#"))]
            return (self.heading(b.title, 2) + "\n" + "\n".join(lines) + "\n") if lines else ""
        raise TypeError(f"no text for {type(b).__name__}")

    def table(self, t: Table) -> str:
        """Each row as an entry: the first cell as its title, the others labelled under it."""
        lines = []
        for row in t.rows:
            first, rest = row[0], row[1:]
            flag = "  ▲ red flag" if first.flag else ""
            lines.append(f"  • {self.spans(first.text)}{flag}{self.cites(first.cites)}")
            for line in (x for x in first.lines if x and "".join(s.text for s in x).strip()):
                lines.append(self.wrap(self.spans(line), "      ", "      "))
            for name, cell in zip(t.columns[1:], rest):
                value = self.spans(cell.text)
                if cell.grade:
                    value = (value + " " if value else "") + f"{cell.grade[0]}, {cell.grade[1]}".rstrip(", ")
                value += self.cites(cell.cites)
                extra = [self.spans(line) for line in cell.lines if line]
                if value.strip() or extra:
                    lines.append(self.wrap(" ".join([value.strip(), *extra]).strip(), "      ", f"      {name}: "))
        return "\n".join(lines) + "\n"

    def scale(self, s: Scale) -> str:
        zones = " | ".join(f"{band} {lo:g}-{hi:g}" for band, lo, hi in s.zones)
        return f"  [{zones}] {s.unit}\n  ▲ {s.label}\n"


def terminal_text(doc: Document, styled: bool = False, width: int = 100) -> str:
    return TextWriter(doc, styled, width).text()
