"""The small word lists that search and question reading leave out, declared once.

    DEFICIENCY_WORDS  say "deficiency" rather than of what: dropped before matching names
    QUESTION_WORDS    the frame of a question: left out of full text, snippets and bold
    FUNCTION_WORDS    both of the above
    STOP              words and stems that never name a nutrient or symptom on their own (question reading)
"""

from __future__ import annotations

DEFICIENCY_WORDS = frozenset({
    "deficiency", "deficient", "deficiencies", "insufficiency", "lack", "low", "levels", "level", "of", "in",
    "my", "the", "a", "an", "symptoms", "symptom", "signs", "sign", "too", "little", "not", "enough", "what",
    "is", "are", "causes", "cause",
})
QUESTION_WORDS = frozenset({
    "can", "could", "does", "do", "did", "will", "would", "might", "may", "should", "why", "how", "which",
    "when", "i", "me", "you", "your", "it", "its", "and", "or", "to", "with", "for", "on", "at", "be", "was",
    "has", "have", "get", "make", "give", "lead",
})
FUNCTION_WORDS = DEFICIENCY_WORDS | QUESTION_WORDS
# Question reading also drops stems (the index holds stems) and words that link rather than name.
STOP = FUNCTION_WORDS | frozenset({
    "caus", "defici", "from", "that", "this", "there", "by", "because", "due", "result", "associ", "link",
    "relat", "feel", "feeling", "problem", "issu", "vitamin", "mineral",
})
