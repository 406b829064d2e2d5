"""The words that tell what a question asks, declared once for the question parser (core/question.py):
which side (too little, too much, taking it for a benefit), which page part, and which words only frame
a question. Matched on the lower-cased text with word boundaries.
"""

from __future__ import annotations

import re

# Cues, matched on the lower-cased text with word boundaries. Order of the checks is in parse().
EXCESS_CUES = (
    r"too much", r"too many", r"high[- ]doses?", r"large doses?", r"big doses?", r"mega ?doses?", r"overdos\w*",
    r"toxic\w*", r"excess\w*", r"hypervitaminosis", r"high levels? of", r"too high", r"poison\w*", r"overload",
    r"over ?supplement\w*", r"taking (?:a lot|lots) of", r"lots of", r"a lot of", r"side[- ]effects?",
    r"over the (?:upper )?limit", r"more than the (?:upper )?limit", r"harmful", r"dangerous", r"unsafe",
)
DEFICIENCY_CUES = (
    r"low", r"lack\w*", r"deficien\w*", r"not enough", r"insufficien\w*", r"shortage", r"inadequate",
    r"depleted", r"too little", r"without enough", r"short of", r"running low", r"drop in", r"hypo\w+",
    r"def+[ie]\w*c[iy]\w*", r"def+ic\w*",  # typed wrong: "defiency", "deficiancy", "defficiency"
    r"not (?:having|getting|eating|taking in) enough", r"(?:don'?t|do not|doesn'?t|does not) (?:get|have|eat) enough",
)
BENEFIT_CUES = (
    r"help\w*", r"good for", r"improve\w*", r"prevent\w*", r"protect\w*", r"reduce\w*", r"lower\w*", r"cut",
    r"boost\w*", r"treat\w*", r"reliev\w*", r"cure\w*", r"benefit\w*", r"effective", r"work for", r"works for",
    r"worth taking", r"should i take", r"to stop", r"fight\w*", r"strengthen\w*", r"aid\w*", r"ease\w*",
    r"(?:like|want|going|planning|thinking|considering|plan) (?:to |of |about )?(?:take|taking|try|trying|start)",
    r"(?:more|extra|for|give (?:you|me)|gives (?:you|me)) energy",
)
# Words that frame a question rather than name a symptom: left out when matching a symptom loosely.
FRAME_WORDS = frozenset({
    "help", "helps", "helped", "helping", "good", "improve", "improves", "prevent", "prevents", "boost", "boosts",
    "reduce", "reduces", "affect", "affects", "take", "taking", "took", "supplement", "supplements", "tablet",
    "tablets", "pill", "pills", "capsule", "capsules", "worth", "benefit", "benefits", "better", "want", "like",
    "should", "safe", "ok", "okay", "stop", "start", "try", "work", "works", "much", "many", "high", "dose",
    "more", "less", "extra", "any", "some", "really", "actually", "give", "gives",
})
# Page parts of the other sides of a nutrient page.
EXCESS_PAGE = re.compile(r"\bsymptoms?\b|\bsigns?\b|what happens|\beffects?\b|who (is|are) at risk|\brisk\b|"
                         r"\bdangers?\b|\bhow much is too much\b|\btreat\w*|what to do")
TAKING_PAGE = re.compile(r"side[- ]effects?|\bbenefits?\b|what (does|do|can|will) .{0,30}\b(do|help)\b|"
                         r"\bwhat is .{0,20}\bgood for\b|\binteract\w*")
TAKING_CUES = (r"supplements?", r"tablets?", r"pills?", r"capsules?", r"taking", r"take", r"injections?",
               r"gummies", r"multivitamins?", r"drops", r"pessar\w*")
INTERACTION_CUES = (r"with", r"and", r"while on", r"while taking", r"alongside", r"together", r"combine\w*",
                    r"interact\w*", r"on (?:a|an)?", r"mix\w*")
YES_NO_START = re.compile(r"^\s*(can|could|does|do|did|is|are|will|would|might|may|should|shall|am|has|have)\b")

# Page parts: a question that asks for a part of a page rather than yes or no.
SECTION_CUES: tuple[tuple[str, str], ...] = (
    ("when_to_seek_care", r"\b(see|call|visit) (a |my |the )?(doctor|gp|physician)|when (to|should i) worry|"
                          r"\bemergency\b|\ba ?& ?e\b|when should i (see|go)"),
    ("food_sources", r"\bfoods?\b|\beat\b|\beating\b|\bdiet\b|rich in|high in|sources? of|where (do|can) (i|you) get|"
                     r"what (has|contains)|\bmeals?\b"),
    ("tests", r"\btest(s|ed|ing)?\b|\bdiagnos\w*|blood work|normal (level|range)|\blevels? (is|are) normal|"
              r"how (do|does|can|would) (doctors?|they|the gp) (check|know|find out|measure)|"
              r"how (do|can|would) (you|i) (check|find out|measure|get tested)|check for|"
              r"normal\b.{0,25}\b(levels?|range|results?|values?)\b|what should .{0,25}\blevels? be"),
    ("treatment", r"\btreat\w*|\bcure\b|\bfix\b|how much .*(take|need|should)|how long .*(recover|take|better|"
                  r"improve)|\bdose\b|\bdosage\b|how to (correct|raise|increase|boost)|recovery"),
    ("prevention", r"\bprevent\w*|avoid (getting|becoming)|\bstop (getting|becoming)"),
    ("causes", r"what causes|causes? of|why do (people|i|you) get|who (is|are) at risk|who gets|risk factors?|"
               r"reasons? for|what leads to|at risk"),
    ("symptoms", r"symptoms?|signs?|what happens (if|when)|how do (i|you) know if|what does .* feel like|"
                 r"effects? of (low|a lack)|what are the (effects|consequences)"),
)
WH_START = re.compile(r"\s*(what|how|which|where|who|when)\b")
DEFICIENCY_OF_SYMPTOM = re.compile(r"\b(what|which)\b.*\b(deficienc\w*|vitamins?|minerals?|nutrients?|"
                                   r"lack of)\b|\bwhat causes\b|\bcauses? of\b")
# Between a blood test's name and a bare number, the words that make the number its result ("ferritin of
# 2", "b12 was 180", "vit d level: 40") even when tablets or doses are mentioned elsewhere.
RESULT_AFTER_NAME = re.compile(r"^\s*(?:level|levels|result|reading|test|is|was|were|of|at|came back(?: at)?|"
                               r"[:=]|\s)*\s*$")


def cue(patterns: tuple[str, ...], text: str) -> bool:
    """Whether any of the patterns stands in text as whole words."""
    return any(re.search(rf"(?<![a-z]){p}(?![a-z])", text) for p in patterns)
