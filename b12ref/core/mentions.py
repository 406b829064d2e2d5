"""Find the deficiencies and symptoms a piece of free text names, in any phrasing.

    "can low b12 make my muscles twitch"  -> deficiency vitamin-b12 ("b12"), symptom fasciculations ("muscles twitch")
    "Can hypokalaemia cause cramps?"      -> deficiency potassium (condition "hypokalaemia"), symptom muscle-cramps
Longest phrases win; words the index does not know are corrected first ("fasiculations").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Iterable

from b12ref.core.normalize import fold_words, stem
from b12ref.core.words import STOP
from b12ref.core.search import Searcher

MAX_NGRAM = 7
KIND_RANK = {"name": 0, "alias": 1, "condition": 2, "synonym": 3, "risk": 5}
PARTIAL_MIN = 0.45  # a loosely matched symptom phrase must have this share of its weight in the text
TEXT_MIN = 0.5  # ... and explain this share of the text's: "night cramp" does not answer "night sweats"


@dataclass
class Mention:
    start: int
    end: int
    ref_type: str
    ref_id: str
    kind: str
    phrase: str
    covers: float = 0.0  # for a "partial" symptom: the share of the text's (weighted) words it matched

    @property
    def length(self) -> int:
        return self.end - self.start


class MentionFinder:
    """Matches n-grams of question stems against the search term index."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.conn = searcher.conn
        self._last_words: tuple[str | None, tuple[list[str], list[str]]] = (None, ([], []))
        self._symptom_phrases = self.conn.execute("SELECT count(*) FROM symptom_terms_fts").fetchone()[0] or 1
        self._idf_of: dict[str, float] = {}

    def _idf(self, stems: Iterable[str]) -> dict[str, float]:
        """Inverse document frequency of each stem across symptom phrases (rare words weigh more).

        Kept per stem: the vocabulary is small, and fts5vocab answers `term = ?` by a seek but
        `term IN (...)` of a few hundred stems by something near a scan (~40 ms at 100,000 pages)."""
        stems = list(dict.fromkeys(stems))
        n = self._symptom_phrases
        for s in stems:
            if s not in self._idf_of:
                row = self.conn.execute("SELECT doc FROM symptom_terms_vocab WHERE term = ?", (s,)).fetchone()
                self._idf_of[s] = math.log((n + 1) / ((row[0] if row else 0) + 0.5))
        return {s: self._idf_of[s] for s in stems}

    def words(self, text: str) -> tuple[list[str], list[str]]:
        """Folded words (typos corrected) and the tokens as typed (for case checks).

        Kept for the last text: a question is read by find() and then, if need be, loose_symptom().
        """
        if self._last_words[0] != text:
            raw = re.findall(r"[A-Za-z0-9]+", text)
            self._last_words = (text, (self.searcher.correct(fold_words(text), prefix=False), raw))
        return self._last_words[1]

    def find(self, text: str) -> list[Mention]:
        words, raw = self.words(text)
        raw_set = set(raw)
        stems = [stem(w) for w in words]
        found: list[Mention] = []
        taken = [False] * len(stems)
        for n in range(min(MAX_NGRAM, len(stems)), 0, -1):
            for i in range(len(stems) - n + 1):
                if any(taken[i:i + n]):
                    continue
                gram = stems[i:i + n]
                if n == 1 and len(words[i]) <= 2 and not _typed_as_symbol(words[i], raw_set):
                    continue
                entries = [(ref_type, ref_id, kind, phrase)
                           for ref_type, ref_id, _, phrase, kind in self.searcher.terms_for([" ".join(gram)])]
                if entries and all(s in STOP for s in gram):
                    # "vitamin a" is a name; "low", "deficiency" or "can cause" alone never are
                    entries = [e for e in entries if n > 1 and e[2] in ("name", "alias")]
                if not entries:
                    continue
                for ref_type, ref_id, kind, phrase in entries:
                    found.append(Mention(i, i + n, ref_type, ref_id, kind, phrase))
                if all(e[2] == "risk" for e in entries):
                    continue  # "low vitamin D" as a risk for calcium must not hide "vitamin D" itself
                for k in range(i, i + n):
                    taken[k] = True
        found.sort(key=lambda m: (m.start, KIND_RANK.get(m.kind, 9)))
        return found

    def content_stems(self, text: str, exclude: set[str]) -> set[str]:
        """The stems of text that could name a symptom: no stop words, none of `exclude`."""
        words, _ = self.words(text)
        return {stem(w) for w in words if w not in STOP} - STOP - exclude  # "does" stems to "doe"

    def coverage(self, stems: frozenset[str] | set[str], of: set[str]) -> float:
        """The share of `of`, weighted by rarity, that `stems` includes."""
        if not of:
            return 0.0
        idf = self._idf(of)
        return sum(idf[s] for s in of & stems) / (sum(idf.values()) or 1.0)

    def loose_symptom(self, text: str, exclude: set[str], require: frozenset[str] = frozenset()) -> Mention | None:
        """The symptom phrase that best matches text's words when no phrase matched whole.

        Each candidate phrase is scored on both sides: how much of the phrase the text has
        ("night cramp" has half of it in "can't see at night") and how much of the text the
        phrase explains ("trouble seeing at night" explains "see" and "night"). The harmonic mean
        of the two, words weighted by rarity, picks "trouble seeing at night". A phrase must still
        have most of its own weight matched (PARTIAL_MIN) and explain at least half of the text
        (TEXT_MIN): otherwise the honest answer is that the symptom is not in this reference.
        With `require`, only phrases holding all those stems count."""
        stems = self.content_stems(text, exclude)
        if not stems:
            return None
        query = " OR ".join(f'"{s}"' for s in stems)
        # stems are [a-z0-9]+ (fold_words) and each is quoted: the expression is never FTS5 syntax
        candidates = [row[0] for row in self.conn.execute(
            "SELECT term FROM symptom_terms_fts WHERE symptom_terms_fts MATCH ? LIMIT 500", (query,))]
        if not candidates:
            return None
        idf = self._idf(stems | {s for term in candidates for s in term.split()})
        text_weight = sum(idf.get(s, 1.0) for s in stems) or 1.0
        best: tuple[float, float, float, str] | None = None
        for term in candidates:
            term_stems = set(term.split()) - STOP  # "at" in "trouble seeing at night" says nothing
            if not require <= term_stems:
                continue
            matched = sum(idf.get(s, 1.0) for s in term_stems & stems)
            share_of_phrase = matched / (sum(idf.get(s, 1.0) for s in term_stems) or 1.0)
            share_of_text = matched / text_weight
            if share_of_phrase < PARTIAL_MIN or share_of_text < TEXT_MIN:
                continue
            fit = 2 * share_of_phrase * share_of_text / (share_of_phrase + share_of_text)
            if best is None or (fit, share_of_phrase) > best[:2]:
                best = (fit, share_of_phrase, share_of_text, term)
        if best is None:
            return None
        rows = sorted((r for r in self.searcher.terms_for([best[3]]) if r[0] in ("symptom", "outcome")),
                      key=lambda r: r[0] != "symptom")
        return Mention(0, 0, rows[0][0], rows[0][1], "partial", best[3], covers=best[2]) if rows else None

    def inner_symptom(self, text: str, start: int, end: int) -> Mention | None:
        """The longest symptom phrase inside words start..end of text ("anaemia" inside the
        condition "folate deficiency anaemia"), excluding the span itself."""
        words, _ = self.words(text)
        stems = [stem(w) for w in words]
        for n in range(end - start - 1, 0, -1):
            for i in range(start, end - n + 1):
                gram = stems[i:i + n]
                if all(s in STOP for s in gram):
                    continue
                rows = [r for r in self.searcher.terms_for([" ".join(gram)]) if r[0] == "symptom"]
                if rows:
                    return Mention(i, i + n, "symptom", rows[0][1], rows[0][4], rows[0][3])
        return None


def _typed_as_symbol(word: str, raw: set[str]) -> bool:
    """Short tokens ("K", "Fe", "Zn", "B6") count only when typed like a symbol, never "I" or "a"."""
    if any(ch.isdigit() for ch in word):
        return True
    if word in {"i", "a"}:
        return False
    return any(tok.lower() == word and tok[0].isupper() for tok in raw)
