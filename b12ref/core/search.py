"""Search: parse what the user typed, then rank pages in tiers — exact, prefix, full text, fuzzy.

Worked examples (the bundled content):
    "twitching"           exact lay synonym  -> symptom Fasciculations, then the deficiencies linked to it
    "vit d"               "vit" expands      -> deficiency Vitamin D (exact name)
    "Zn"                  exact alias        -> Zinc
    "fasiculations"       no such word       -> corrected to "fasciculations", shown to the user
    "symptom: tingl"      scope + prefix     -> Tingling (pins and needles)
    'NEAR("x" AND *'      FTS syntax is only ever text: each word is quoted before MATCH
"""

from __future__ import annotations

import bisect
import json
import re
import sqlite3
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Iterable

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from b12ref.core.library import Library
from b12ref.core.normalize import fold_words, stem, term_key

TYPES = ("deficiency", "symptom", "treatment")
SCOPES = {"symptom": "symptom", "symptoms": "symptom", "nutrient": "deficiency",
          "deficiency": "deficiency", "vitamin": "deficiency", "mineral": "deficiency",
          "treatment": "treatment", "treatments": "treatment"}
MAX_WORDS = 24
MAX_CHARS = 400
# Words that say "deficiency" rather than what of; dropped before matching names.
NOISE = {"deficiency", "deficient", "deficiencies", "insufficiency", "lack", "low", "levels", "level",
         "of", "in", "my", "the", "a", "an", "symptoms", "symptom", "signs", "sign", "too", "little",
         "not", "enough", "what", "is", "are", "causes", "cause"}
# Words of a question that say nothing about what to find: left out of the full-text match, the
# snippet and the bold words ("can b12 deficiency cause fasciculations" matches b12 fasciculations)
QUESTION_WORDS = {"can", "could", "does", "do", "did", "will", "would", "might", "may", "should", "why", "how",
                  "which", "when", "i", "me", "you", "your", "it", "its", "and", "or", "to", "with", "for", "on",
                  "at", "be", "was", "has", "have", "get", "make", "give", "lead"}
FUNCTION_WORDS = NOISE | QUESTION_WORDS
BM25_WEIGHTS = (10.0, 5.0, 2.0, 1.0)
EVIDENCE_WEIGHT = {"established": 1.0, "probable": 0.8, "reported": 0.45, "disputed": 0.25}
FREQUENCY_WEIGHT = {"common": 1.0, "occasional": 0.75, "rare": 0.5, "unknown": 0.6}
TIER_BASE = {"exact": 1000.0, "prefix": 500.0, "text": 100.0}
# Spellings people use for sounds ("fosfate", "zink", "sinc"), tried before edit distance.
SOUND_ALIKE = (("f", "ph"), ("k", "c"), ("z", "s"), ("s", "z"), ("i", "y"), ("y", "i"), ("c", "k"))
TIE_SHARE = 0.02  # how much a second, weaker match adds: never enough to jump a tier
TYPE_WEIGHT = {"treatment": 0.6}  # a treatment is part of a deficiency page
SNIPPET_HITS = 15  # hits whose snippet shows the matched sentence
SNIPPET_SCAN = 6000  # characters of a page searched for it
# Full text ranks (bm25) the first RANKED_PAGES pages that match, in the order they were built:
# all of them in the bundled library (248 pages). On a 100,000-page library, ranking every page
# with a common word takes 0.2-0.5 s; these take ~5-10 ms.
RANKED_PAGES = 400
FEW_TEXT_HITS = 8  # pages with every word fewer than this: pages with any of them are listed after


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


class Searcher:
    """Ranks pages of one Library for a query. Everything is read through indexes, so opening
    a Searcher costs the same on 200 pages or 100,000; only the typo word list is held in memory."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.conn = library.conn
        self.vocab = {w: c for w, c in self.conn.execute("SELECT word, count FROM vocab")}
        self.vocab_list = list(self.vocab)
        self.vocab_sorted = sorted(self.vocab)
        self.term_words = {w for (w,) in self.conn.execute("SELECT word FROM vocab WHERE names = 1")}
        self._names: dict[tuple[str, str], tuple[str, list[str]] | None] = {}
        self._causes: dict[str, list[tuple[str, float, str]]] = {}

    def name_of(self, type_: str, ref_id: str) -> tuple[str, list[str]] | None:
        """(name, aliases) of a deficiency or symptom; the caller must not change the list."""
        key = (type_, ref_id)
        if key not in self._names:
            sql = PAGE_NAMES.get(type_, PAGE_NAMES["symptom"])
            row = self.conn.execute(sql, (ref_id,)).fetchone()
            self._names[key] = (row[0], _json_list(row[1])) if row else None  # type: ignore[assignment]
        return self._names[key]

    def causes(self, symptom_id: str) -> list[tuple[str, float, str]]:
        """(deficiency id, link weight, grade) for a symptom and, a little lower, its specific forms."""
        if symptom_id not in self._causes:
            found = []
            for sid, factor in [(symptom_id, 1.0), *((n, 0.9) for (n,) in self.conn.execute(
                    "SELECT narrower_id FROM narrower WHERE symptom_id = ?", (symptom_id,)))]:
                for did, ev, fr in self.conn.execute(
                        "SELECT deficiency_id, evidence, frequency FROM links WHERE symptom_id = ?", (sid,)):
                    weight = EVIDENCE_WEIGHT.get(ev, 0.2) * FREQUENCY_WEIGHT.get(fr, 0.5) * factor
                    found.append((did, weight, f"{ev}, {fr}"))
            self._causes[symptom_id] = found
        return self._causes[symptom_id]

    def terms_for(self, keys: Iterable[str]) -> list[tuple[str, str, float, str, str]]:
        """(ref type, ref id, weight, phrase, kind) of the names whose stem key is one of keys."""
        keys = [k for k in dict.fromkeys(keys) if k]
        if not keys:
            return []
        marks = ", ".join("?" * len(keys))
        return self.conn.execute(f"SELECT ref_type, ref_id, weight, phrase, kind FROM terms WHERE term IN ({marks})",
                                 keys).fetchall()

    # ---- tiers --------------------------------------------------------------------------
    def _exact(self, words: list[str]) -> list[tuple[str, str, float, str]]:
        core = [w for w in words if w not in NOISE] or words
        return [(t, i, TIER_BASE["exact"] * w, p)
                for t, i, w, p, _ in self.terms_for([term_key(" ".join(words)), term_key(" ".join(core))])]

    def _prefix(self, words: list[str], open_end: bool = True) -> list[tuple[str, str, float, str]]:
        """Names that start with the words ("vitamin" -> Vitamin A, B6, ...); with open_end the last
        word may be unfinished ("fascic" -> Fasciculations)."""
        core = [w for w in words if w not in NOISE] or words
        text = " ".join(core)
        if len(text) < 2:
            return []
        start = text if open_end else text + " "
        rows = self.conn.execute(
            "SELECT ref_type, ref_id, weight, phrase, norm FROM terms WHERE norm >= ? AND norm < ? "
            "ORDER BY length(norm) LIMIT 200", (start, start + "\U0010ffff")).fetchall()
        # shorter completions first: "iron" before "iron deficiency anemia"
        return [(t, i, TIER_BASE["prefix"] * w * (0.5 + 0.5 * len(text) / max(len(norm), 1)), p)
                for t, i, w, p, norm in rows]

    def _fulltext(self, words: list[str], prefix: bool, type_: str | None,
                  limit: int) -> list[tuple[str, str, float, str, str]]:
        words = content_words(words)
        if not words:
            return []
        # While typing, the last word is widened to the index words it can become ("oed" -> edema,
        # ...): FTS5's own prefix query would be stemmed by porter first ("oed"* -> "o"*).
        # A last word of one or two letters stays itself ("vit d"): its commonest completions ("s",
        # "th" -> symptoms, skin, the, that...) would cost more than all the other words, and the
        # name tiers already complete it ("pale s" -> Pale skin).
        completions = ([words[-1]] if len(words[-1]) < 3 else self._completions(words[-1])) if prefix else []
        if prefix and not completions:
            return []
        # Pages with every word first; when they are few, pages with any of the words after them
        every_expr, any_expr = self.match_expressions(words, completions)
        found = self._ranked(every_expr, type_, limit)
        if len(words) > 1 and len(found) < FEW_TEXT_HITS:
            known = {(t, i, label) for t, i, label, _ in found}
            found += [(t, i, label, score * 0.5) for t, i, label, score in self._ranked(any_expr, type_, limit)
                      if (t, i, label) not in known]
        # a treatment is part of a deficiency page: it ranks below the pages themselves
        return [(t, i, score * TYPE_WEIGHT.get(t, 1.0), label, "") for t, i, label, score in found[:limit]]

    def _ranked(self, expr: str, type_: str | None, limit: int) -> list[tuple[str, str, str, float]]:
        """(type, id, label, score) of a full-text query, best first: bm25 (name > synonyms >
        summary > body) scaled to 50-100, over the first RANKED_PAGES pages that match."""
        sql = ("SELECT d.type, d.ref_id, d.label, f.rank FROM (SELECT rowid, bm25(docs_fts, ?, ?, ?, ?) AS rank "
               f"FROM docs_fts WHERE docs_fts MATCH ? LIMIT {RANKED_PAGES}) f JOIN docs d ON d.rowid = f.rowid "
               f"WHERE {'d.type = ?' if type_ else '1'} ORDER BY rank LIMIT ?")
        try:
            rows = self.conn.execute(sql, [*BM25_WEIGHTS, expr, *([type_] if type_ else []), limit]).fetchall()
        except sqlite3.OperationalError:  # not expected (every word is quoted); no hits rather than an error
            return []
        best = -min((r[3] for r in rows), default=-1.0) or 1.0
        return [(r[0], r[1], r[2], TIER_BASE["text"] * (0.5 + 0.5 * (-r[3]) / best)) for r in rows]

    @staticmethod
    def match_expressions(words: list[str], completions: list[str]) -> tuple[str, str]:
        """FTS5 MATCH expressions for every word and for any of them; with completions (while
        typing), the last word is any of them. Groups are joined with an explicit AND: FTS5
        rejects a phrase next to a bracket ('"b12" ("iron")' is a syntax error)."""
        if not completions:
            return fts_match(words, False, " "), fts_match(words, False, " OR ")
        last = "(" + fts_match(completions, False, " OR ") + ")"
        head = words[:-1]
        return (" AND ".join(filter(None, (fts_match(head, False, " "), last))),
                " OR ".join(filter(None, (fts_match(head, False, " OR "), last))))

    def _completions(self, start: str, most: int = 12) -> list[str]:
        """The commonest index words that begin with `start` (the word itself first if it is one)."""
        i = bisect.bisect_left(self.vocab_sorted, start)
        found = []
        while i < len(self.vocab_sorted) and self.vocab_sorted[i].startswith(start) and len(found) < 400:
            found.append(self.vocab_sorted[i])
            i += 1
        found.sort(key=lambda w: (w != start, -self.vocab[w]))
        return found[:most]

    def correct(self, words: list[str], prefix: bool) -> list[str]:
        """Each word the index does not know replaced by its nearest index word (if close)."""
        fixed = []
        for n, word in enumerate(words):
            last = n == len(words) - 1
            known = word in self.vocab or word in NOISE or len(word) < 4 or word.isdigit() \
                or self._another_form(word)  # "swell" of "swelling": not a typo
            if not known and prefix and last:
                i = bisect.bisect_left(self.vocab_sorted, word)
                known = i < len(self.vocab_sorted) and self.vocab_sorted[i].startswith(word)
            if known:
                fixed.append(word)
                continue
            fixed.append(self._nearest(word))
        return fixed

    def _another_form(self, word: str) -> bool:
        """Whether an index word has the same stem. Only index words that begin like the stem are
        stemmed (a few dozen, cached), not the whole vocabulary: that takes ~0.5 s of Python."""
        root = stem(word)
        start = root[:3]
        i = bisect.bisect_left(self.vocab_sorted, start)
        while i < len(self.vocab_sorted) and self.vocab_sorted[i].startswith(start):
            if stem(self.vocab_sorted[i]) == root:
                return True
            i += 1
        return False

    def _nearest(self, word: str) -> str:
        """The index word a typo most likely meant: sound-alike spellings first ("fosfate"), then the
        fewest edits (a swap of two letters is one), then the closest by edit ratio, ties going to
        words that name something ("zink" -> zinc, not pink)."""
        for wrong, right in SOUND_ALIKE:
            variant = word.replace(wrong, right)
            if variant != word and variant in self.vocab:
                return variant
        for cut in range(3, len(word) - 2):  # two words run together: "folicacid"
            head, tail = word[:cut], word[cut:]
            if head in self.term_words and tail in self.term_words:
                return f"{head} {tail}"
        candidates = process.extract(word, self.vocab_list, scorer=fuzz.ratio, score_cutoff=75,
                                     processor=None, limit=20)
        if not candidates:
            return word
        # Fewest edits first, two swapped letters counting as one ("iorn" -> iron, not inborn).
        best = min(candidates, key=lambda c: (OSA.distance(word, c[0]), -round(c[1]), c[0] not in self.term_words,
                                              -self.vocab[c[0]]))
        return best[0]

    # ---- assembly -----------------------------------------------------------------------
    def search(self, text: str, type_: str | None = None, limit: int = 30,
               prefix: bool = True) -> SearchResult:
        query = parse_query(text, prefix=prefix)
        type_ = type_ or query.scope
        result = SearchResult(query=text, hits=[], scope=query.scope, words=query.words)
        if not query.words:
            return result
        hits = self._rank(query.words, query.prefix, type_, limit)
        if not hits or all(h.tier == "text" for h in hits) and self._has_unknown(query.words):
            corrected = self.correct(query.words, query.prefix)
            if corrected != query.words:
                fixed_hits = self._rank(corrected, False, type_, limit)
                if fixed_hits:
                    for hit in fixed_hits:
                        hit.tier = "fuzzy" if hit.tier == "text" else hit.tier
                    result.corrected = " ".join(corrected)
                    result.words = corrected
                    hits = fixed_hits
        result.hits = hits[:limit]
        return result

    def _has_unknown(self, words: list[str]) -> bool:
        return any(w not in self.vocab and w not in NOISE and len(w) >= 4 for w in words)

    def _rank(self, words: list[str], prefix: bool, type_: str | None, limit: int) -> list[SearchHit]:
        scored: dict[tuple[str, str, str], SearchHit] = {}

        def add(t: str, i: str, score: float, tier: str, label: str = "", why: str = "") -> None:
            key = (t, i, label if t == "treatment" else "")
            known = scored.get(key)
            if known is None:
                scored[key] = SearchHit(t, i, label, "", score, tier, [], why)
            elif score > known.score:
                # the better tier decides; the weaker match still breaks ties between equals
                scored[key] = SearchHit(t, i, label, "", score + known.score * TIE_SHARE, tier, [], why)
            else:
                known.score += score * TIE_SHARE

        for t, i, score, phrase in self._exact(words):
            add(t, i, score, "exact", why=f"“{phrase}”")
        for t, i, score, phrase in self._prefix(words, open_end=prefix):
            add(t, i, score, "prefix", why=f"“{phrase}”")
        # A word of one or two letters being typed is matched against names and aliases only ("fe"
        # -> Iron): in full text "t" or "th" begins nearly every page, and ranking them all costs
        # more than any other keystroke for a list no one reads.
        short_word_typed = prefix and len(words) == 1 and len(words[0]) < 3
        # Full text ranks below every name match: when names alone fill the list, it cannot change
        # the top of it, and bm25 over a common word is the one cost that grows with the library.
        named = sum(1 for h in scored.values() if type_ is None or h.type == type_)
        text_hits = [] if short_word_typed or named >= limit else self._fulltext(
            words, prefix, None if type_ == "deficiency" else type_, limit * 2)
        for t, i, score, label, _ in text_hits:
            add(t, i, score, "text", label=label)
        # A symptom found means the deficiencies that cause it are answers too (from the best few).
        symptoms = sorted((h for h in scored.values() if h.type == "symptom"), key=lambda h: -h.score)[:limit]
        for hit in symptoms:
            name = (self.name_of("symptom", hit.id) or (hit.id, ""))[0]
            for did, weight, grade in self.causes(hit.id):
                add("deficiency", did, hit.score * 0.9 * weight, "related", why=f"can cause {name} ({grade})")
        hits = [h for h in scored.values() if type_ is None or h.type == type_]
        hits.sort(key=lambda h: (-h.score, h.id, h.name))
        hits = hits[:limit]
        for hit in hits:  # names only for what is shown
            if hit.type != "treatment":
                name, aliases = self.name_of(hit.type, hit.id) or (hit.id, [])
                hit.name, hit.aliases = name, list(aliases)
        self._snippets(hits, words)
        return hits

    def _snippets(self, hits: list[SearchHit], words: list[str]) -> None:
        """The sentence around the first matched word, for the hits a list shows without scrolling;
        the rest get their summary's first sentence (cheap, and still about the page)."""
        stems = [stem(w) for w in content_words(words)]
        spellings = _spellings(stems)
        for n, hit in enumerate(hits):
            key = hit.name if hit.type == "treatment" else hit.id
            if n < SNIPPET_HITS:
                text, lowered = self._display_text(hit.type, key)
                hit.snippet = best_sentence(text, first_word_at(lowered, spellings))
            else:
                hit.snippet = self._first_sentence(hit.type, key)

    @lru_cache(maxsize=1024)
    def _first_sentence(self, type_: str, key: str) -> str:
        return best_sentence(self._display_text(type_, key)[0])

    @lru_cache(maxsize=1024)
    def _display_text(self, type_: str, key: str) -> tuple[str, str]:
        """The start of a page's readable text, as written and lower-cased (treatments are keyed
        by their label)."""
        column = "label" if type_ == "treatment" else "ref_id"
        row = self.conn.execute(
            f"SELECT display_summary, display_body FROM docs WHERE type = ? AND {column} = ?", (type_, key)).fetchone()
        text = f"{row[0]}\n{row[1]}".strip()[:SNIPPET_SCAN] if row else ""
        lowered = text.lower()
        # lower() keeps positions unless a letter lower-cases to two ("İ"); then no sentence is found
        return text, lowered if len(lowered) == len(text) else ""


PAGE_NAMES = {
    "deficiency": "SELECT name, aliases FROM deficiencies WHERE id = ?",
    "symptom": "SELECT name, synonyms FROM symptoms WHERE id = ?",
    "nutrient": "SELECT name, aliases FROM nutrients WHERE id = ?",
    "outcome": "SELECT name, synonyms FROM outcomes WHERE id = ?",
    "medicine": "SELECT name, brands FROM medicines WHERE id = ?",
}


def _json_list(value) -> list[str]:
    if isinstance(value, list):
        return value
    try:
        return json.loads(value or "[]")
    except ValueError:
        return []


# UK spellings the index folds away: (US start, UK start, only at the start of the stem).
_UK_SPELLINGS = (("emi", "aemi", False), ("hem", "haem", True), ("edem", "oedem", True), ("esoph", "oesoph", True),
                 ("esth", "aesth", False), ("diarrhe", "diarrhoe", True), ("celiac", "coeliac", True),
                 ("fet", "foet", True), ("goiter", "goitre", True))
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")


def _spellings(stems: list[str]) -> list[str]:
    """The lower-case spellings a word's stem can start with in the raw text, US and UK."""
    found = []
    for s in stems:
        if len(s) < 2:
            continue
        found.append(s)
        for us, uk, at_start in _UK_SPELLINGS:
            if s.startswith(us) if at_start else us in s:
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
