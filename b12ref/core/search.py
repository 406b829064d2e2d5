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
from typing import Iterable

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from b12ref.core.library import Library
from b12ref.core.normalize import stem, term_key
from b12ref.core.search_query import (  # noqa: F401 - re-exported: the query and its records
    ParsedQuery, SearchHit, SearchResult, content_words, fts_match, parse_query,  # noqa: F401
)
from b12ref.core.snippets import best_sentence, first_word_at
from b12ref.core.snippets import spellings as word_spellings
from b12ref.core.words import DEFICIENCY_WORDS, FUNCTION_WORDS

TYPES = ("deficiency", "symptom", "treatment")
BM25_WEIGHTS = (10.0, 5.0, 2.0, 1.0)
EVIDENCE_WEIGHT = {"established": 1.0, "probable": 0.8, "reported": 0.45, "disputed": 0.25}
FREQUENCY_WEIGHT = {"common": 1.0, "occasional": 0.75, "rare": 0.5, "unknown": 0.6}
TIER_BASE = {"exact": 1000.0, "prefix": 500.0, "within": 300.0, "text": 100.0}
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


class Searcher:
    """Ranks pages of one Library for a query. Everything is read through indexes, so opening
    a Searcher costs the same on 200 pages or 100,000; only the typo word list is held in memory."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.conn = library.connect()  # its own: closed with close(), never shared across owners
        self._sentences: dict[tuple[str, str], str] = {}
        self._texts: dict[tuple[str, str], tuple[str, str]] = {}
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
            row = self.conn.execute(sql, (ref_id,) * sql.count("?")).fetchone()
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
        core = [w for w in words if w not in DEFICIENCY_WORDS] or words
        return [(t, i, TIER_BASE["exact"] * w, p)
                for t, i, w, p, _ in self.terms_for([term_key(" ".join(words)), term_key(" ".join(core))])]

    def _names_within(self, words: list[str], prefix: bool) -> list[tuple[str, str, float, str]]:
        """Names and aliases of one to three words found inside a longer query ("zinc and
        fasciculations", a name after stray words), ranked below a whole-query match."""
        if len(words) < 2:
            return []
        end = len(words) - 1 if prefix else len(words)  # a word still being typed is the prefix tier's
        keys = {term_key(" ".join(words[i:i + n])) for n in (3, 2, 1) for i in range(0, end - n + 1)
                if not all(w in FUNCTION_WORDS or len(w) < 3 for w in words[i:i + n])}
        return [(t, i, TIER_BASE["within"] * w, p) for t, i, w, p, _ in self.terms_for(sorted(keys))]

    def _prefix(self, words: list[str], open_end: bool = True) -> list[tuple[str, str, float, str]]:
        """Names that start with the words ("vitamin" -> Vitamin A, B6, ...); with open_end the last
        word may be unfinished ("fascic" -> Fasciculations)."""
        core = [w for w in words if w not in DEFICIENCY_WORDS] or words
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
        # every word is a quoted string (fts_match): user text never reaches FTS5 as syntax, so an
        # error here is a fault to see, not a search that quietly finds nothing
        rows = self.conn.execute(sql, [*BM25_WEIGHTS, expr, *([type_] if type_ else []), limit]).fetchall()
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
            known = word in self.vocab or word in DEFICIENCY_WORDS or len(word) < 4 or word.isdigit() \
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
        return any(w not in self.vocab and w not in DEFICIENCY_WORDS and len(w) >= 4 for w in words)

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
        for t, i, score, phrase in self._names_within(words, prefix):
            add(t, i, score, "within", why=f"“{phrase}”")
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
        spellings = word_spellings(stems)
        for n, hit in enumerate(hits):
            key = hit.name if hit.type == "treatment" else hit.id
            if n < SNIPPET_HITS:
                text, lowered = self._display_text(hit.type, key)
                hit.snippet = best_sentence(text, first_word_at(lowered, spellings))
            else:
                hit.snippet = self._first_sentence(hit.type, key)

    def close(self) -> None:
        """Close this searcher's connection (the library's stays open)."""
        self.conn.close()
        self._sentences.clear()
        self._texts.clear()

    def __enter__(self) -> "Searcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _first_sentence(self, type_: str, key: str) -> str:
        if (type_, key) not in self._sentences:
            if len(self._sentences) > CACHE_SIZE:
                self._sentences.clear()
            self._sentences[(type_, key)] = best_sentence(self._display_text(type_, key)[0])
        return self._sentences[(type_, key)]

    def _display_text(self, type_: str, key: str) -> tuple[str, str]:
        """The start of a page's readable text, as written and lower-cased (treatments are keyed
        by their label); kept per searcher."""
        if (type_, key) in self._texts:
            return self._texts[(type_, key)]
        if len(self._texts) > CACHE_SIZE:
            self._texts.clear()
        column = "label" if type_ == "treatment" else "ref_id"
        row = self.conn.execute(
            f"SELECT display_summary, display_body FROM docs WHERE type = ? AND {column} = ?", (type_, key)).fetchone()
        text = f"{row[0]}\n{row[1]}".strip()[:SNIPPET_SCAN] if row else ""
        lowered = text.lower()
        # lower() keeps positions unless a letter lower-cases to two ("İ"); then no sentence is found
        self._texts[(type_, key)] = (text, lowered if len(lowered) == len(text) else "")
        return self._texts[(type_, key)]


CACHE_SIZE = 1024  # pages whose snippet text a searcher keeps

PAGE_NAMES = {
    "deficiency": "SELECT name, aliases FROM deficiencies WHERE id = ?",
    "symptom": "SELECT name, synonyms FROM symptoms WHERE id = ?",
    "nutrient": "SELECT name, aliases FROM nutrients WHERE id = ?",
    "outcome": "SELECT name, synonyms FROM outcomes WHERE id = ?",
    "medicine": "SELECT name, brands FROM medicines WHERE id = ?",
    "excess": "SELECT 'Too much ' || name, aliases FROM deficiencies WHERE id = ? "
              "UNION ALL SELECT 'Too much ' || name, aliases FROM nutrients WHERE id = ?",
}


def _json_list(value) -> list[str]:
    if isinstance(value, list):
        return value
    try:
        return json.loads(value or "[]")
    except ValueError:
        return []
