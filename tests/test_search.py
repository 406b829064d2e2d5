"""Search finds what people mean — lay words, typos, abbreviations — and never raises."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from b12ref.core.search import fts_match, parse_query

EVAL = Path(__file__).resolve().parent / "data" / "eval" / "search.jsonl"  # a copy of the shared examples


def top_ids(searcher, query, type_="deficiency", n=3):
    return [h.id for h in searcher.search(query, type_=type_, limit=n, prefix=False).hits]


def test_twitching_finds_fasciculations(searcher):
    assert searcher.search("twitching").hits[0].id == "fasciculations"


def test_exact_name_or_alias_comes_first(searcher):
    assert searcher.search("iron").hits[0].id == "iron"
    assert searcher.search("Zn").hits[0].id == "zinc"
    assert searcher.search("vit d").hits[0].id == "vitamin-d"
    assert searcher.search("b-12").hits[0].id == "vitamin-b12"


def test_prefix_while_typing(searcher):
    assert "fasciculations" in [h.id for h in searcher.search("fascic").hits[:3]]
    assert "magnesium" in [h.id for h in searcher.search("magnes").hits[:3]]


def test_uk_and_us_spellings_meet(searcher):
    uk = [h.id for h in searcher.search("anaemia", type_="symptom", prefix=False).hits[:3]]
    us = [h.id for h in searcher.search("anemia", type_="symptom", prefix=False).hits[:3]]
    assert uk == us and "anemia" in uk
    assert searcher.search("diarrhoea", prefix=False).hits[0].id == "diarrhea"


def test_typo_is_corrected_and_said(searcher):
    result = searcher.search("fasiculations", prefix=False)
    assert result.corrected == "fasciculations"
    assert result.hits[0].id == "fasciculations"


def test_scopes(searcher):
    hits = searcher.search("symptom: tingl").hits
    assert hits and all(h.type == "symptom" for h in hits) and hits[0].id == "tingling"
    assert all(h.type == "deficiency" for h in searcher.search("nutrient: iron").hits)
    assert all(h.type == "treatment" for h in searcher.search("treatment: injection").hits)


def test_drug_words_lead_to_deficiencies(searcher):
    assert top_ids(searcher, "metformin")[0] == "vitamin-b12"
    assert "magnesium" in top_ids(searcher, "proton pump inhibitors", n=5)


def test_snippets_show_matched_text(searcher):
    hit = searcher.search("metformin", type_="deficiency", prefix=False).hits[0]
    assert "metformin" in (hit.snippet + hit.why).lower()
    text_hits = [h for h in searcher.search("spinal cord", prefix=False).hits[:15] if h.tier == "text"]
    assert len(text_hits) >= 3
    for hit in text_hits:  # even in a long sentence the matched words are shown
        assert "spinal" in hit.snippet.lower() or "cord" in hit.snippet.lower(), hit


def test_snippet_is_the_sentence_with_the_first_word_typed_in_either_spelling():
    from b12ref.core.snippets import best_sentence, first_word_at
    from b12ref.core.snippets import spellings as _spellings

    text = "Iron is a mineral. Preanemic states are missed. Severe anaemia causes breathlessness. Anemia again."
    at = first_word_at(text.lower(), _spellings(["anemi"]))  # the UK spelling comes first; "preanemic" is mid-word
    assert best_sentence(text, at) == "Severe anaemia causes breathlessness."
    assert best_sentence(text, first_word_at(text.lower(), _spellings(["zinc"]))) == "Iron is a mineral."
    long = "Word " * 60 + "the target word here " + "tail " * 40 + "."
    snippet = best_sentence(long, long.index("target"))
    assert snippet.startswith("…") and "target" in snippet and len(snippet) <= 182


def test_eval_search_examples(searcher):
    misses = []
    for line in EVAL.read_text().splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        hits = searcher.search(case["query"], type_="deficiency", limit=3, prefix=False).hits
        names = [" ".join([h.id.replace("-", " "), h.name.lower(), *(a.lower() for a in h.aliases)]) for h in hits]
        if not any(e in n for e in case["expect_any_top3"] for n in names):
            misses.append((case["query"], [h.id for h in hits]))
    assert misses == []


NASTY = ['"', "'", "*", "NEAR(", "AND", "OR NOT", ")(", "\x00", "^", "-", ":", "{}", "col:x", "🙂", "עברית",
         "مرحبا", "\u202e", "a" * 5000]


# any Unicode text, with FTS syntax, quotes, NUL, emoji and right-to-left text mixed in, up to
# 100,000 characters (a long piece is a random run repeated: random 100,000-character strings
# would make each example slow to generate, not harder to search)
LONG = st.tuples(st.text(min_size=1, max_size=40), st.integers(1, 100_000)).map(lambda p: p[0] * p[1])
TEXT = st.lists(st.one_of(st.text(max_size=200), st.sampled_from(NASTY), LONG), max_size=8).map(
    lambda parts: "".join(parts)[:100_000])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_any_text_gives_ranked_results_or_nothing_never_an_error(searcher, text):
    for result in (searcher.search(text), searcher.search(text, type_="deficiency", prefix=False)):
        scores = [h.score for h in result.hits]
        assert scores == sorted(scores, reverse=True)  # best first
        assert len({(h.type, h.id, h.name) for h in result.hits}) == len(result.hits)  # each page (or treatment) once
        assert all(h.name and h.type in ("deficiency", "symptom", "treatment", "excess", "medicine", "nutrient",
                                         "outcome") for h in result.hits)
    # a page's own name, whatever text comes before it, is still found (while it is within the words read)
    from b12ref.core.normalize import fold_words
    from b12ref.core.search_query import MAX_WORDS

    if len(fold_words(text[:40])) < MAX_WORDS:
        named = searcher.search(f"{text[:40]} fasciculations", prefix=False, limit=60)
        assert any(h.id == "fasciculations" for h in named.hits) or named.corrected


def test_huge_paste_is_just_text(searcher):
    result = searcher.search("iron " + "x" * 100_000)
    assert isinstance(result.hits, list)


@pytest.mark.parametrize("words", [["iron"], ["b12", "iron"], ["pins", "needles", "feet"], ["vitamin", "d"]])
def test_match_expressions_while_typing_parse_and_every_word_narrows(searcher, words):
    """Every expression is valid FTS5 (a syntax error used to be swallowed: while typing, a
    search of two words or more had no full-text hits at all), and 'every word' finds a subset
    of 'any word', each page holding every word."""
    count = "SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?"
    completions = searcher._completions(words[-1]) if len(words[-1]) > 2 else [words[-1]]
    every, any_ = searcher.match_expressions(words, completions)
    every_rows = {r[0] for r in searcher.conn.execute(count, (every,))}
    any_rows = {r[0] for r in searcher.conn.execute(count, (any_,))}
    assert every_rows and every_rows <= any_rows
    for word in words[:-1]:
        assert every_rows <= {r[0] for r in searcher.conn.execute(count, (f'"{word}"',))}


def test_match_expression_quotes_every_word():
    assert fts_match(['near(', 'and"'], prefix_last=True) == '"near(" "and"*'
    assert parse_query('symptom: "x" AND').scope == "symptom"


@pytest.mark.parametrize("typed, meant", [("zink", "zinc"), ("fosfate", "phosphate"), ("folicacid", "folic acid"),
                                          ("potasium", "potassium"), ("tingeling", "tingling")])
def test_lay_misspellings_are_corrected(searcher, typed, meant):
    assert searcher.search(typed, prefix=False).corrected == meant
