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

import snowballstemmer

_WORD = re.compile(r"[a-z0-9]+")

# UK -> US spelling, applied to word starts and endings so that both spellings meet.
_SPELLING = [
    (re.compile(r"^(an|hyp|hyper|hypo|isch|leuk|sept|uraem|tox|bacter|vir|glyc|kal|natr|calc|"
                r"magnes|phosphat|lipid|ox|thrombocyth|)aemi"), r"\1emi"),
    (re.compile(r"aemi"), "emi"),
    (re.compile(r"^haem"), "hem"),
    (re.compile(r"^oedem"), "edem"),
    (re.compile(r"^oesoph"), "esoph"),
    (re.compile(r"^oestr"), "estr"),
    (re.compile(r"^foet"), "fet"),
    (re.compile(r"^coeliac"), "celiac"),
    (re.compile(r"^diarrhoe"), "diarrhe"),
    (re.compile(r"aesth"), "esth"),
    (re.compile(r"paed"), "ped"),
    (re.compile(r"^goitre"), "goiter"),
    (re.compile(r"^fibre"), "fiber"),
    (re.compile(r"^litre"), "liter"),
    (re.compile(r"^centre"), "center"),
    (re.compile(r"^tumour"), "tumor"),
    (re.compile(r"^colour"), "color"),
    (re.compile(r"^behaviour"), "behavior"),
    (re.compile(r"^ageing$"), "aging"),
    (re.compile(r"^sulph"), "sulf"),
    (re.compile(r"^seborrhoe"), "seborrhe"),
    (re.compile(r"^dyspnoe"), "dyspne"),
    (re.compile(r"^apnoe"), "apne"),
    (re.compile(r"^amenorrhoe"), "amenorrhe"),
    (re.compile(r"^ischaem"), "ischem"),
    (re.compile(r"^anaem"), "anem"),
]

# Short forms people type, expanded to the word the content uses.
_ABBREVIATIONS = {
    "vit": "vitamin", "vits": "vitamins", "vitamine": "vitamin", "vitamins": "vitamin",
    "defic": "deficiency", "def": "deficiency",
}

_stemmer = snowballstemmer.stemmer("english")


def fold(text: str) -> str:
    """Lower-case, strip accents and compatibility forms (µ -> μ -> mu stays a letter)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.casefold()


@lru_cache(maxsize=65536)
def us_spelling(word: str) -> str:
    for pattern, replacement in _SPELLING:
        if pattern.search(word):
            word = pattern.sub(replacement, word, count=1)
    return word


def fold_words(text: str) -> list[str]:
    """Words of text, folded, in US spelling, abbreviations expanded, "b 12"/"b-12" joined."""
    raw = _WORD.findall(fold(text))
    words: list[str] = []
    for word in raw:
        if word.isdigit() and words and len(words[-1]) == 1 and words[-1].isalpha():
            words[-1] = words[-1] + word
            continue
        word = _ABBREVIATIONS.get(word, word)
        words.append(us_spelling(word))
    return words


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    if len(word) <= 3 or any(ch.isdigit() for ch in word):
        return word
    return _stemmer.stemWord(word)


def stems(text: str) -> list[str]:
    return [stem(w) for w in fold_words(text)]


def term_key(text: str) -> str:
    """The key two phrases share when they mean the same words: stems joined by spaces."""
    return " ".join(stems(text))


def normalize_text(text: str) -> str:
    """Text as it is put in the full-text index: folded words in US spelling."""
    return " ".join(fold_words(text))
