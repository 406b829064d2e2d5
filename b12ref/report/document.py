"""One document model for every page, answer and handout: a small tree of blocks that the HTML writer
(pane, print, PDF, HTML export) and the terminal writer (`show`, `ask`) both walk.

Text in blocks is plain text; `**bold**`, paragraphs and "- " bullets of content Markdown are parsed
here once (`Rich`), so no writer sees raw markup. Citations are work ids; the Document numbers them in
order of first citation and ends with the numbered references.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:  # the window's start page is a Document, and its start needs no page records
    from b12ref.core.records import Source


@dataclass
class Span:
    """A run of text, bold or a link."""

    text: str
    bold: bool = False
    link: str | None = None  # a page id (b12ref:ID) or an https address


Rich = list[Span]  # a line of text with bold runs and links


def rich(text: str, link: str | None = None) -> Rich:
    """Plain content text with **bold** runs -> spans (no other markup is read)."""
    parts = re.split(r"\*\*(.+?)\*\*", str(text or ""))
    return [Span(p, bold=bool(i % 2), link=link) for i, p in enumerate(parts) if p]


@dataclass
class Heading:
    """A heading, with an anchor to jump to."""

    text: str
    level: int = 2
    anchor: str = ""


@dataclass
class Para:
    """A paragraph of rich text in a style, with its citations."""

    text: Rich
    style: str = ""  # lead | muted | note | seek | verdict-yes | verdict-no | verdict-uncertain | ...
    cites: list[str] = field(default_factory=list)


@dataclass
class Item:
    """A bullet: rich text, citations and a muted second line."""

    text: Rich
    cites: list[str] = field(default_factory=list)
    detail: Rich = field(default_factory=list)  # a second, muted line


@dataclass
class Bullets:
    """A bulleted list."""

    items: list[Item]
    style: str = ""  # redflags | ...


@dataclass
class Cell:
    """A table cell: rich text, citations, a grade badge and further lines."""

    text: Rich
    cites: list[str] = field(default_factory=list)
    grade: tuple[str, str] | None = None  # (evidence, frequency) drawn as a badge
    lines: list[Rich] = field(default_factory=list)  # further lines under the text (mechanism, note)
    flag: bool = False  # a red flag


@dataclass
class Table:
    """A table: column headings and rows of cells."""

    columns: list[str]
    rows: list[list[Cell]]
    widths: list[int] = field(default_factory=list)  # per cent, for print
    compact: bool = False  # tighter cells (a brief printed summary)


@dataclass
class KeyValues:
    """Label and value pairs (a dose, a reference value)."""

    rows: list[tuple[str, Rich]]


@dataclass
class Scale:
    """A range bar: zones (low/normal/high...) from 0 past the top, the value marked, ticks labelled."""

    zones: list[tuple[str, float, float]]  # (band, from, to)
    value: float
    unit: str
    label: str
    ticks: list[tuple[float, str]] = field(default_factory=list)


@dataclass
class Nav:
    """Links to other pages ("Read more"): live in the window, `b12ref show ID` in a terminal, left out on paper."""

    title: str
    links: list[Span]


Block = Union[Heading, Para, Bullets, Table, KeyValues, Scale, Nav]


@dataclass
class Document:
    """A page, an answer or a handout. `kind` and `page_id` say what it is (history, bookmarks)."""

    title: str
    kind: str
    page_id: str = ""
    blocks: list[Block] = field(default_factory=list)
    works: dict[str, Source] = field(default_factory=dict)  # the bibliography: every known work
    numbers: dict[str, int] = field(default_factory=dict)  # work id -> its number, in order of first citation

    def add(self, *blocks: Block) -> "Document":
        for block in blocks:
            self.blocks.append(block)
            for ids in _cites_of(block):
                self.number(ids)
        return self

    def number(self, ids: list[str]) -> list[int]:
        for i in ids:
            if i in self.works and i not in self.numbers:
                self.numbers[i] = len(self.numbers) + 1
        return sorted({self.numbers[i] for i in ids if i in self.numbers})

    def cited(self) -> list[Source]:
        return [self.works[i] for i in sorted(self.numbers, key=self.numbers.get)]

    def markdown(self, text: str) -> None:
        """Content Markdown (paragraphs, "- " bullets, **bold**) as Para and Bullets blocks."""
        for block in re.split(r"\n\s*\n", str(text or "").strip()):
            lines = [line for line in block.splitlines() if line.strip()]
            buffer: list[str] = []
            items: list[Item] = []
            for line in lines:
                stripped = line.strip()
                if stripped.startswith(("- ", "* ")):
                    if buffer:
                        self.add(Para(rich(" ".join(buffer))))
                        buffer = []
                    items.append(Item(rich(stripped[2:])))
                else:
                    if items:
                        self.add(Bullets(items))
                        items = []
                    buffer.append(stripped)
            if buffer:
                self.add(Para(rich(" ".join(buffer))))
            if items:
                self.add(Bullets(items))


def _cites_of(block: Block) -> list[list[str]]:
    if isinstance(block, Para):
        return [block.cites]
    if isinstance(block, Bullets):
        return [i.cites for i in block.items]
    if isinstance(block, Table):
        return [c.cites for row in block.rows for c in row]
    return []


def plain(text: Rich) -> str:
    return "".join(s.text for s in text)
