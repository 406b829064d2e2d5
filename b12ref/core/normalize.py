"""Turn any text into search words: folded case and accents, US spelling, joined "b 12", stems.

Examples:
    fold_words("Anaemia, B-12 & vit D")  -> ["anemia", "b12", "vitamin", "d"]
    term_key("Pins and needles")          -> "pin and needl"
    term_key("Oedema")                    -> "edema"
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+")

# UK and US spellings, declared once: (UK, US, where) with where "start" (a word's start), "any"
# (anywhere in the word) or "word" (the whole word). Folding turns UK into US so that both spellings
# meet in the index; snippets turn a folded stem back into both to find it in the text as written.
UK_US_SPELLINGS = (
    ("aemi", "emi", "any"), ("haem", "hem", "start"), ("oedem", "edem", "start"), ("oesoph", "esoph", "start"),
    ("oestr", "estr", "start"), ("foet", "fet", "start"), ("coeliac", "celiac", "start"),
    ("diarrhoe", "diarrhe", "start"), ("aesth", "esth", "any"), ("paed", "ped", "any"),
    ("goitre", "goiter", "start"), ("fibre", "fiber", "start"), ("litre", "liter", "start"),
    ("centre", "center", "start"), ("tumour", "tumor", "start"), ("colour", "color", "start"),
    ("behaviour", "behavior", "start"), ("ageing", "aging", "word"), ("sulph", "sulf", "start"),
    ("seborrhoe", "seborrhe", "start"), ("dyspnoe", "dyspne", "start"), ("apnoe", "apne", "start"),
    ("amenorrhoe", "amenorrhe", "start"), ("ischaem", "ischem", "start"), ("anaem", "anem", "start"),
)
_SPELLING = [(re.compile({"start": f"^{uk}", "any": uk, "word": f"^{uk}$"}[where]), us)
             for uk, us, where in UK_US_SPELLINGS]
# Any of them: a word none of them matches is left as it is. One search instead of 25 for most
# words (the build's 5,500 distinct words: ~5 ms less).
_ANY_SPELLING = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _SPELLING))

# Short forms people type, expanded to the word the content uses.
_ABBREVIATIONS = {
    "vit": "vitamin", "vits": "vitamins", "vitamine": "vitamin", "vitamins": "vitamin",
    "defic": "deficiency", "def": "deficiency",
}

# A letter and a number that name a vitamin when typed apart ("b 12", "d-3"); any other number is an amount.
_VITAMIN_NUMBERS = frozenset({"b1", "b2", "b3", "b5", "b6", "b7", "b9", "b12", "d2", "d3", "k1", "k2"})

_STEMMER: list = []  # made on first use: importing snowballstemmer loads every language it has (~10 ms)


def _english_stemmer():
    if not _STEMMER:
        import snowballstemmer

        _STEMMER.append(snowballstemmer.stemmer("english"))
    return _STEMMER[0]


class _Marks(dict):
    """A str.translate table that deletes combining marks (accents once NFKD has split them off)
    and keeps every other character, filled in as characters are met."""

    def __missing__(self, point: int) -> int | None:
        kept = None if unicodedata.combining(chr(point)) else point
        self[point] = kept
        return kept


_MARKS = _Marks()


def fold(text: str) -> str:
    """Lower-case, strip accents and compatibility forms (µ -> μ -> mu stays a letter)."""
    # NFKD and the marks filter leave ASCII as it is: 14,177 of the build's 14,284 texts. Those
    # and the others together fold in 6 ms, where a join over each character took 30 ms.
    # (str.isascii, not text.isascii: a number raises TypeError, as normalize does.)
    if str.isascii(text):
        return text.casefold()
    return unicodedata.normalize("NFKD", text).translate(_MARKS).casefold()


@lru_cache(maxsize=65536)
def us_spelling(word: str) -> str:
    if not _ANY_SPELLING.search(word):
        return word
    for pattern, replacement in _SPELLING:
        if pattern.search(word):
            word = pattern.sub(replacement, word, count=1)
    return word


def fold_words(text: str) -> list[str]:
    """Words of text, folded, in US spelling, abbreviations expanded, "b 12"/"b-12" joined."""
    raw = _WORD.findall(fold(text))
    words: list[str] = []
    for word in raw:
        if word.isdigit() and words and len(words[-1]) == 1 and words[-1].isalpha() and (
                words[-1] not in "abcdek" or words[-1] + word in _VITAMIN_NUMBERS):  # not "vitamin d 25 mcg"
            words[-1] = words[-1] + word
            continue
        word = _ABBREVIATIONS.get(word, word)
        words.append(us_spelling(word))
    return words


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    if len(word) <= 3 or any(ch.isdigit() for ch in word):
        return word
    return (_STEMMER[0] if _STEMMER else _english_stemmer()).stemWord(word)


def stems(text: str) -> list[str]:
    return [stem(w) for w in fold_words(text)]


def term_key(text: str) -> str:
    """The key two phrases share when they mean the same words: stems joined by spaces."""
    return " ".join(stems(text))


def normalize_text(text: str) -> str:
    """Text as it is put in the full-text index: folded words in US spelling."""
    return " ".join(fold_words(text))
