"""The sentence of a page that shows why it matched a search, found fast on every keystroke."""

from __future__ import annotations

import re

from b12ref.core.normalize import UK_US_SPELLINGS

_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")


def spellings(stems: list[str]) -> list[str]:
    """The lower-case spellings a word's stem can start with in the raw text, US and UK."""
    found = []
    for s in stems:
        if len(s) < 2:
            continue
        found.append(s)
        for uk, us, where in UK_US_SPELLINGS:
            if s.startswith(us) if where != "any" else us in s:
                found.append(s.replace(us, uk, 1))
    return list(dict.fromkeys(found))


def first_word_at(lowered: str, spellings: list[str]) -> int:
    """Where the first word starting with one of the spellings begins (0 when none does).

    Plain substring scans of lower-cased text with a word-start check: no regular expression,
    so it costs microseconds per page on every keystroke."""
    best = -1
    for spelling in spellings:
        at = lowered.find(spelling)
        while at > 0 and (lowered[at - 1].isalnum() or lowered[at - 1] == "_"):
            at = lowered.find(spelling, at + 1)
        if at != -1 and (best == -1 or at < best):
            best = at
    return max(best, 0)


def best_sentence(text: str, at: int = 0, width: int = 180) -> str:
    """The sentence holding the character at `at` (the first sentence for 0), cut to width around it."""
    if not text:
        return ""
    window = max(0, at - 600)
    starts = [m.end() for m in _SENTENCE_END.finditer(text, window, at)]
    begin = starts[-1] if starts else window
    end_match = _SENTENCE_END.search(text, at)
    end = end_match.end() if end_match else len(text)
    chosen = text[begin:end].strip()
    if len(chosen) <= width:
        return chosen
    lead = ""
    offset = at - begin - (len(text[begin:end]) - len(text[begin:end].lstrip()))
    if offset > width // 2:  # the word would be cut off: start a few words before it
        cut = chosen.find(" ", offset - width // 3)
        chosen, lead = chosen[cut + 1 if 0 <= cut < offset else offset:], "…"
    return lead + (chosen if len(chosen) <= width else chosen[: width - 1].rsplit(" ", 1)[0] + "…")
