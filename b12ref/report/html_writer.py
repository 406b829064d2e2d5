"""Write a Document as HTML in the subset Qt's rich text renders: the one writer for the window's panes,
print, PDF and HTML export. Every piece of text is escaped by html_text.esc, and nowhere else."""

from __future__ import annotations

from b12ref import paths
from b12ref.report.html_text import esc, stylesheet  # noqa: F401 - re-exported: the writer's own
from b12ref.report.document import (
    Block, Bullets, Cell, Document, Heading, KeyValues, Nav, Para, Rich, Scale, Table,
)

EVIDENCE_COLOURS = {"established": "#1b6e3a", "probable": "#2f6f9f", "reported": "#8a6d1f",
                    "disputed": "#8a3b3b", "not-supported": "#6b4a86"}
ZONE_COLOURS = {"low": "#e8b4a8", "borderline": "#f0d9a0", "normal": "#b9dcc0", "high": "#e8b4a8",
                "below": "#f0d9a0", "within": "#b9dcc0", "above-limit": "#e8b4a8"}
PRINT_CSS = """
body { font-size: 9.5pt; }
ol.sources li { font-size: 8pt; }
h1 { font-size: 18pt; margin-top: 0; }
h2 { font-size: 13pt; margin-top: 12px; }
h3 { font-size: 11pt; margin-top: 8px; }
.printhead { color: #5b6673; font-size: 8.5pt; border-bottom: 1px solid #c9d6e0; }
table.grid td, table.grid th { font-size: 8.5pt; }
table.grid { border-collapse: collapse; }
.cite a { color: #5b6673; text-decoration: none; }
.disclaimer { color: #5b6673; font-size: 8.5pt; border-top: 1px solid #c9d6e0; }
"""


class HtmlWriter:
    """`screen`: links to pages are live (b12ref:ID) and citations jump to the references; print:
    links are plain text and table headings repeat on every printed page."""

    def __init__(self, doc: Document, screen: bool = True) -> None:
        self.doc = doc
        self.screen = screen

    def body(self) -> str:
        out = [self.block(b) for b in self.doc.blocks]
        cited = self.doc.cited()
        if cited:
            out.append(self.references())
        return "\n".join(out)

    # ---- inline -------------------------------------------------------------------------
    def spans(self, text: Rich) -> str:
        out = []
        for s in text:
            t = esc(s.text)
            if s.bold:
                t = f"<b>{t}</b>"
            if s.link and (self.screen or s.link.startswith("https://")):
                href = s.link if s.link.startswith(("https://", "#")) else f"b12ref:{s.link}"
                t = f'<a href="{esc(href)}">{t}</a>'
            out.append(t)
        return "".join(out)

    def cites(self, ids: list[str]) -> str:
        numbers = self.doc.number(ids)
        if not numbers:
            return ""
        if self.screen:
            marks = ", ".join(f'<a href="#src-{n}">{n}</a>' for n in numbers)
        else:
            marks = ", ".join(map(str, numbers))
        return f' <span class="cite">[{marks}]</span>'

    @staticmethod
    def badge(evidence: str, frequency: str) -> str:
        colour = EVIDENCE_COLOURS.get(evidence, "#555555")
        freq = f' <span class="muted">· {esc(frequency)}</span>' if frequency else ""
        return f'<span style="color:{colour}; font-weight:bold">{esc(evidence)}</span>{freq}'

    # ---- blocks -------------------------------------------------------------------------
    def block(self, b: Block) -> str:
        if isinstance(b, Heading):
            anchor = f'<a name="{esc(b.anchor)}"></a>' if b.anchor and self.screen else ""
            return f"<h{b.level}>{anchor}{esc(b.text)}</h{b.level}>"
        if isinstance(b, Para):
            cls = f' class="{esc(b.style)}"' if b.style else ""
            return f"<p{cls}>{self.spans(b.text)}{self.cites(b.cites)}</p>"
        if isinstance(b, Bullets):
            items = "".join(
                f"<li>{self.spans(i.text)}{self.cites(i.cites)}"
                + (f'<br><span class="muted">{self.spans(i.detail)}</span>' if i.detail else "") + "</li>"
                for i in b.items)
            if b.style == "redflags":
                return f'<div class="redflags"><ul>{items}</ul></div>'
            return f"<ul>{items}</ul>"
        if isinstance(b, Table):
            return self.table(b)
        if isinstance(b, KeyValues):
            rows = "".join(f"<tr><td class='k'>{esc(k)}</td><td>{self.spans(v)}</td></tr>" for k, v in b.rows)
            return f"<table class='kv facts' cellpadding='2'>{rows}</table>"
        if isinstance(b, Scale):
            return self.scale(b)
        if isinstance(b, Nav):
            if not self.screen:
                return ""  # on paper a link to another page leads nowhere
            return f"<h2>{esc(b.title)}</h2><p>" + " &nbsp;·&nbsp; ".join(self.spans([s]) for s in b.links) + "</p>"
        raise TypeError(f"no HTML for {type(b).__name__}")

    def cell(self, c: Cell) -> str:
        parts = [self.spans(c.text)]
        if c.grade:
            parts.append((" " if c.text else "") + self.badge(*c.grade))
        if c.flag:
            parts.append(' <span class="flag">▲ red flag</span>')
        parts += [f'<br><span class="muted">{self.spans(line)}</span>' for line in c.lines if line]
        return "".join(parts) + self.cites(c.cites).lstrip() if not c.text and not c.grade else \
            "".join(parts) + self.cites(c.cites)

    def table(self, t: Table) -> str:
        widths = t.widths if (t.widths and not self.screen) else []
        head = "".join(f"<th align='left'{f' width={w}%' if widths else ''}>{esc(c)}</th>"
                       for c, w in zip(t.columns, widths or [0] * len(t.columns)))
        head = f"<thead><tr>{head}</tr></thead>" if not self.screen else f"<tr>{head}</tr>"
        rows = "".join("<tr>" + "".join(f"<td>{self.cell(c)}</td>" for c in row) + "</tr>" for row in t.rows)
        pad = 2 if t.compact else 3
        return f"<table class='grid' width='100%' cellspacing='0' cellpadding='{pad}'>{head}{rows}</table>"

    def scale(self, s: Scale) -> str:
        """Zones as coloured cells sized by their span, the value marked under the zone that holds it."""
        total = max((z[2] for z in s.zones), default=1.0) or 1.0
        cells, marks = [], []
        for band, lo, hi in s.zones:
            width = max(int(round(100 * (hi - lo) / total)), 4)
            colour = ZONE_COLOURS.get(band, "#d0d7de")
            cells.append(f"<td width='{width}%' bgcolor='{colour}' align='center'>"
                         f"<span style='color:#1d2a36'>{esc(band)}</span></td>")
            here = lo <= s.value < hi or (hi == total and s.value >= hi)
            marks.append(f"<td width='{width}%' align='center'>"
                         + (f"<b>▲ {esc(s.label)}</b>" if here else "") + "</td>")
        ticks = " · ".join(f"{esc(label)}" for _, label in s.ticks)
        return ("<table class='scale' width='100%' cellspacing='0' cellpadding='4'><tr>" + "".join(cells)
                + "</tr><tr>" + "".join(marks) + "</tr></table>"
                + (f"<p class='muted'>{ticks}</p>" if ticks else ""))

    def references(self) -> str:
        rows = []
        for n, w in enumerate(self.doc.cited(), start=1):
            link = w.link
            where = f' <a href="{esc(link)}">{esc(link)}</a>' if link else ""
            anchor = f'<a name="src-{n}"></a>' if self.screen else ""
            rows.append(f"<li>{anchor}{esc(w.citation())}{where}</li>")
        return "<h2>References</h2><ol class='sources'>" + "".join(rows) + "</ol>"


def screen_html(doc: Document) -> str:
    """The body of a pane (the pane sets the theme's style sheet)."""
    return HtmlWriter(doc, screen=True).body()


def print_html(doc: Document, header: str = "", footer: str = "") -> str:
    """A whole, self-contained printable document: light theme, CSS inline, no live page links."""
    from string import Template

    template = Template((paths.templates_dir() / "page.html").read_text(encoding="utf-8"))
    return template.substitute(title=esc(doc.title), css=stylesheet("light") + PRINT_CSS, header=header,
                               body=HtmlWriter(doc, screen=False).body(), footer=footer)
