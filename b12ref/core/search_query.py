"""A search as typed, read once: an optional `scope:` and folded words; and the plain records a
search gives back (SearchHit, SearchResult).

    parse_query("symptom: pins and needl")  -> scope "symptom", words ["pins", "and", "needl"], prefix True
    fts_match(["b12", "fasc"], True)         -> '"b12" "fasc"*'  (user text is never FTS5 syntax)
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Iterable

from b12ref.core.normalize import fold_words
from b12ref.core.words import FUNCTION_WORDS

SCOPES = {"symptom": "symptom", "symptoms": "symptom", "nutrient": "deficiency",
          "deficiency": "deficiency", "vitamin": "deficiency", "mineral": "deficiency",
          "treatment": "treatment", "treatments": "treatment"}
MAX_WORDS = 24
MAX_CHARS = 400

def content_words(words: list[str]) -> list[str]:
    """The words that say what to find: without function words, unless that is all there is."""
    return [w for w in words if w not in FUNCTION_WORDS] or words


@dataclass
class ParsedQuery:
    """What the user typed, split into a scope and folded words."""

    text: str
    scope: str | None
    words: list[str]
    prefix: bool  # the last word may still be being typed

    @property
    def phrase(self) -> str:
        return " ".join(self.words)


@dataclass
class SearchHit:
    type: str
    id: str
    name: str
    snippet: str
    score: float
    tier: str
    aliases: list[str] = field(default_factory=list)
    why: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class SearchResult:
    query: str
    hits: list[SearchHit]
    corrected: str | None = None  # the text searched instead, when words were corrected
    scope: str | None = None
    words: list[str] = field(default_factory=list)

    @property
    def marked_words(self) -> list[str]:
        """The words to show in bold in the hits: those searched for, less noise such as "in",
        "the" or "can" (unless that is all there is)."""
        return content_words(self.words)

    def to_dict(self) -> dict:
        return {"query": self.query, "corrected": self.corrected, "scope": self.scope,
                "results": [h.to_dict() for h in self.hits]}


def parse_query(text: str, prefix: bool = True) -> ParsedQuery:
    """Split off a `scope:` prefix and fold the rest into at most MAX_WORDS words."""
    text = (text or "")[:MAX_CHARS]
    scope = None
    match = re.match(r"\s*([A-Za-z]+)\s*:(.*)$", text, re.DOTALL)
    if match and match.group(1).lower() in SCOPES:
        scope = SCOPES[match.group(1).lower()]
        text = match.group(2)
    words = fold_words(text)[:MAX_WORDS]
    ends_open = bool(text) and not text[-1].isspace()
    return ParsedQuery(text=text, scope=scope, words=words, prefix=prefix and ends_open)


def fts_match(words: Iterable[str], prefix_last: bool, joiner: str = " ") -> str:
    """An FTS5 MATCH expression in which every word is a quoted string: user text is never syntax."""
    words = [w.replace('"', "") for w in words if w]
    parts = [f'"{w}"' for w in words]
    if prefix_last and parts and len(words[-1]) >= 2:  # "d"* would match every word starting with d
        parts[-1] += "*"
    return joiner.join(parts)
