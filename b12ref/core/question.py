"""Understand a question once: text in, one structured `Question` out, read by `ask`, the window and exports.

Worked examples (tests/test_question.py holds a table of a few hundred, one line each):

    "can b12 deficiency cause fasciculations?"   kind question, side deficiency, vitamin-b12, fasciculations
    "can too much vitamin d cause kidney stones" kind question, side excess, vitamin-d, kidney-stones
    "is vitamin d linked to kidney stones?"      kind question, side unclear (both sides are answered)
    "does magnesium help night cramps?"          kind question, side benefit, magnesium, muscle-cramps
    "do iron supplements cause constipation"     kind question, side excess (a side effect of taking it)
    "can i take vitamin e with warfarin?"        kind interaction, vitamin-e, warfarin
    "what are the symptoms of low selenium"      kind page, deficiency selenium, section symptoms
    "which deficiency causes night blindness"    kind page, symptom night-blindness, section deficiencies
    "my ferritin is 12, is that low?"            kind lab, test ferritin, value 12, unit None
    "is 5000 IU of vitamin D a day too much?"    kind dose, vitamin-d, 5000 IU per day
    "do you get cramps from magnesium or potassium?"  parts: one question per nutrient
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from b12ref.core.mentions import KIND_RANK, Mention, MentionFinder
from b12ref.core.normalize import fold_words, stem
from b12ref.core.quantity import Quantity, quantities
from b12ref.core.words import STOP

MAX_QUESTION = 2000

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
)
BENEFIT_CUES = (
    r"help\w*", r"good for", r"improve\w*", r"prevent\w*", r"protect\w*", r"reduce\w*", r"lower\w*", r"cut",
    r"boost\w*", r"treat\w*", r"reliev\w*", r"cure\w*", r"benefit\w*", r"effective", r"work for", r"works for",
    r"worth taking", r"should i take", r"to stop", r"fight\w*", r"strengthen\w*", r"aid\w*", r"ease\w*",
)
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
              r"how (do|does|can|would) (doctors?|you|i) (check|know|find out|measure)|check for"),
    ("treatment", r"\btreat\w*|\bcure\b|\bfix\b|how much .*(take|need|should)|how long .*(recover|take|better|"
                  r"improve)|\bdose\b|\bdosage\b|how to (correct|raise|increase|boost)|recovery"),
    ("prevention", r"\bprevent\w*|avoid (getting|becoming)|\bstop (getting|becoming)"),
    ("causes", r"what causes|causes? of|why do (people|i|you) get|who (is|are) at risk|who gets|risk factors?|"
               r"reasons? for|what leads to|at risk"),
    ("symptoms", r"symptoms?|signs?|what happens (if|when)|how do (i|you) know if|what does .* feel like|"
                 r"effects? of (low|a lack)|what are the (effects|consequences)"),
)
DEFICIENCY_OF_SYMPTOM = re.compile(r"\b(what|which)\b.*\b(deficienc\w*|vitamins?|minerals?|nutrients?|"
                                   r"lack of)\b|\bwhat causes\b|\bcauses? of\b")


@dataclass
class LabReading:
    test_id: str
    nutrient: str
    value: float
    unit: str | None
    sex: str | None = None
    pregnant: bool = False


@dataclass
class Intake:
    nutrient: str
    amounts: list[Quantity]
    form: str | None = None  # a supplement form named in the text ("magnesium oxide")
    age: int | None = None
    sex: str | None = None
    life_stage: str | None = None  # "pregnancy" | "breastfeeding"


@dataclass
class Question:
    """What a text asks, read once. `kind`: question (yes/no), page, lab, dose, interaction, or none."""

    text: str
    kind: str = "none"
    side: str | None = None  # deficiency | excess | benefit | unclear
    nutrient: str | None = None
    nutrient_type: str | None = None  # deficiency (has a deficiency page) | nutrient (a supplement page)
    nutrient_phrase: str = ""
    symptom: str | None = None  # a symptom id, or for a benefit an outcome id
    symptom_type: str | None = None  # symptom | outcome
    symptom_phrase: str = ""
    symptom_partial: bool = False  # matched as the nearest concept, not by a name or synonym
    medicine: str | None = None
    section: str | None = None
    page_type: str | None = None
    lab: LabReading | None = None
    intake: Intake | None = None
    parts: list["Question"] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list, repr=False)


def _cue(patterns: tuple[str, ...], text: str) -> bool:
    return any(re.search(rf"(?<![a-z]){p}(?![a-z])", text) for p in patterns)


class QuestionParser:
    """Turns text into a Question using the search index (names, synonyms, typos) and the
    reference values (blood-test names, supplement forms)."""

    def __init__(self, finder: MentionFinder, lab_names: dict[str, tuple[str, str]] | None = None,
                 form_names: dict[str, tuple[str, str]] | None = None) -> None:
        self.finder = finder
        # folded name -> (test id, nutrient id); folded form name -> (form name, nutrient id)
        self.lab_names = lab_names or {}
        self.form_names = form_names or {}

    def parse(self, text: str) -> Question:
        text = (text or "")[:MAX_QUESTION]
        q = Question(text=text)
        low = " ".join(text.lower().split())
        mentions = self.finder.find(text)
        q.mentions = mentions
        nutrients = _distinct(m for m in sorted(mentions, key=_rank) if m.ref_type in ("deficiency", "nutrient")
                              and m.kind != "risk")
        medicines = _distinct(m for m in mentions if m.ref_type == "medicine")
        numbers = quantities(text)
        lab = self._lab(low, numbers, mentions)
        if lab is not None:
            q.kind, q.lab = "lab", lab
            q.nutrient, q.nutrient_type = lab.nutrient, "deficiency"
            return q
        if nutrients:
            self._set_nutrient(q, nutrients[0])
        intake = self._intake(low, numbers, q)
        if intake is not None:
            q.kind, q.intake, q.side = "dose", intake, "excess"
            return q
        symptoms = self._symptoms(text, mentions, nutrients, medicines)
        if symptoms:
            self._set_symptom(q, symptoms[0])
        if medicines:
            q.medicine = medicines[0].ref_id
        q.side = self._side(low, nutrients, symptoms)
        if medicines and nutrients and (not symptoms or not _cue(BENEFIT_CUES, low)):
            q.kind, q.side = "interaction", "taking"
            q.parts = [replace(q, medicine=m.ref_id, parts=[]) for m in medicines[1:]]
            if q.parts:
                q.parts.insert(0, replace(q, parts=[]))
            return q
        section = self._section(low, nutrients, symptoms)
        if section is not None:
            q.kind, q.section = "page", section
            if section == "deficiencies" or (not nutrients and symptoms):
                q.page_type = "symptom"
                q.section = "deficiencies" if section in ("deficiencies", "causes", "symptoms") else section
            else:
                q.page_type = "deficiency" if q.nutrient_type == "deficiency" else "nutrient"
            return q
        if nutrients or symptoms:
            q.kind = "question"
        parts = [(n, s) for n in nutrients[:3] for s in (symptoms[:3] or [None])]
        if len(parts) > 1:
            q.parts = []
            for n, s in parts:
                part = replace(q, parts=[])
                self._set_nutrient(part, n)
                if s is not None:
                    self._set_symptom(part, s)
                q.parts.append(part)
        return q

    # ---- pieces ------------------------------------------------------------------------
    @staticmethod
    def _set_nutrient(q: Question, m: Mention) -> None:
        q.nutrient, q.nutrient_type, q.nutrient_phrase = m.ref_id, m.ref_type, m.phrase

    @staticmethod
    def _set_symptom(q: Question, m: Mention) -> None:
        q.symptom, q.symptom_type, q.symptom_phrase = m.ref_id, m.ref_type, m.phrase
        q.symptom_partial = m.kind == "partial"

    def _symptoms(self, text: str, mentions: list[Mention], nutrients: list[Mention],
                  medicines: list[Mention]) -> list[Mention]:
        """Symptoms (or outcomes) named outside the nutrient's and medicine's words, longest first;
        when none is named whole, the nearest concept to the remaining words."""
        taken = [(m.start, m.end) for m in nutrients + medicines]

        def outside(m: Mention) -> bool:
            return all(m.end <= s or m.start >= e for s, e in taken)

        found = [m for m in mentions if m.ref_type in ("symptom", "outcome") and outside(m)]
        if not found and nutrients:
            # A condition name that is also a symptom ("rickets") answers for both.
            found = [m for m in mentions if m.ref_type == "symptom" and (m.start, m.end) == (nutrients[0].start,
                                                                                         nutrients[0].end)]
        if not found and nutrients and nutrients[0].kind == "condition":
            inner = self.finder.inner_symptom(text, nutrients[0].start, nutrients[0].end)
            found = [inner] if inner else []
        found = _distinct(sorted(found, key=lambda m: (-m.length, m.start, m.ref_type != "symptom")))
        used = set()
        for m in nutrients + medicines:
            used |= set(m.phrase.lower().split()) | set(fold_words(m.phrase))
        exclude = {stem(w) for w in used}
        if not found:
            loose = self.finder.loose_symptom(text, exclude=exclude)
            return [loose] if loose else []
        # A whole phrase found can still be the lesser reading ("swelling" in "a swelling in the neck").
        first = found[0]
        kept = frozenset(stem(w) for w in fold_words(first.phrase)) - STOP
        wider = self.finder.loose_symptom(text, exclude=exclude, require=kept)
        if wider is not None and wider.ref_id != first.ref_id and len(found) == 1:
            if wider.covers > self.finder.coverage(kept, self.finder.content_stems(text, exclude)) + 1e-9:
                return [wider]
        # Keep the other symptoms only when they are joined as parts ("anxiety and depression").
        return [first] + [m for m in found[1:] if _joined(text, self.finder, first, m)]

    @staticmethod
    def _side(low: str, nutrients: list[Mention], symptoms: list[Mention]) -> str:
        if nutrients and nutrients[0].kind == "excess":
            return "excess"
        if nutrients and nutrients[0].kind == "condition":
            return "deficiency"
        deficiency = _cue(DEFICIENCY_CUES, low)
        excess = _cue(EXCESS_CUES, low)
        benefit = _cue(BENEFIT_CUES, low) or (symptoms and symptoms[0].ref_type == "outcome")
        if excess and not re.search(r"too little|not enough", low):
            return "excess"
        if deficiency:
            return "deficiency"
        if benefit:
            return "benefit"
        if _cue(TAKING_CUES, low):
            return "excess"  # "do iron supplements cause constipation": a harm of taking it
        return "unclear"

    @staticmethod
    def _section(low: str, nutrients: list[Mention], symptoms: list[Mention]) -> str | None:
        if nutrients and symptoms:
            return None  # both named: a question about the pair
        if symptoms and not nutrients:
            return "deficiencies" if DEFICIENCY_OF_SYMPTOM.search(low) else None
        if not nutrients:
            return None
        for section, pattern in SECTION_CUES:
            if re.search(pattern, low):
                return section
        return None

    def _lab(self, low: str, numbers: list[Quantity], mentions: list[Mention]) -> LabReading | None:
        """A blood-test result: a test's name with a number after it (or a concentration unit)."""
        if not numbers or not self.lab_names:
            return None
        best = None
        for name, (test_id, nutrient) in self.lab_names.items():
            for m in re.finditer(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", low):
                if best is None or len(name) > len(best[0]):
                    best = (name, test_id, nutrient, m.end())
        if best is None:
            return None
        conc = [q for q in numbers if q.kind == "concentration"]
        bare = [q for q in numbers if q.kind == "bare"]
        amounts = [q for q in numbers if q.kind == "amount"]
        if amounts and not conc and not re.search(r"\b(level|result|test|blood|serum|is|was|came back|of)\b", low):
            return None
        pick = conc[0] if conc else None
        if pick is None and bare:
            after = [q for q in bare if q.start >= best[3] - 1] or bare
            pick = after[0]
            if _cue(("a day", "daily", "per day", "tablets?", "capsules?"), low) and not _cue(
                    ("level", "result", "blood test", "my .* is"), low):
                return None
        if pick is None:
            return None
        sex = "women" if re.search(r"\b(woman|women|female|f|she|her)\b", low) else (
            "men" if re.search(r"\b(man|men|male|m|he|his)\b", low) else None)
        return LabReading(best[1], best[2], pick.value, pick.unit, sex,
                          pregnant=bool(re.search(r"\bpregnan", low)))

    def _intake(self, low: str, numbers: list[Quantity], q: Question) -> Intake | None:
        amounts = [n for n in numbers if n.kind == "amount"]
        form = None
        for name, (form_name, nutrient) in self.form_names.items():
            if re.search(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", low):
                if form is None or len(name) > len(form[0]):
                    form = (name, form_name, nutrient)
        if form is not None and q.nutrient is None:
            q.nutrient, q.nutrient_type = form[2], "deficiency"
        if not amounts or q.nutrient is None:
            return None
        age = re.search(r"\b(?:i'?m|im|i am|aged?|age)\s+(\d{1,3})\b|\b(\d{1,3})\s*(?:y/?o|years? old|yrs?)\b|"
                        r"\b(?:woman|man|male|female|m|f)\s*,?\s*(\d{1,3})\b|\b(\d{1,3})\s*,?\s*(?:woman|man|male|female)\b",
                        low)
        age_value = next((int(g) for g in (age.groups() if age else ()) if g), None)
        sex = "women" if re.search(r"\b(woman|women|female|she|pregnan\w*|breastfeed\w*)\b", low) else (
            "men" if re.search(r"\b(man|men|male|he)\b", low) else None)
        stage = "pregnancy" if re.search(r"\bpregnan", low) else (
            "breastfeeding" if re.search(r"breast ?feed|lactat|nursing", low) else None)
        return Intake(q.nutrient, amounts, form[1] if form else None, age_value, sex, stage)


def _rank(m: Mention) -> tuple[int, int]:
    return (KIND_RANK.get(m.kind, 4 if m.kind in ("excess", "form") else 9), m.start)


def _distinct(mentions) -> list[Mention]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.ref_id not in seen:
            seen.add(m.ref_id)
            out.append(m)
    return out


def _joined(text: str, finder: MentionFinder, a: Mention, b: Mention) -> bool:
    """Two symptoms asked as two parts: "anxiety and depression", "cramps or twitching"."""
    if not (a.end and b.end):
        return False
    words, _ = finder.words(text)
    lo, hi = sorted([a, b], key=lambda m: m.start)
    between = words[lo.end:hi.start]
    return 0 < len(between) <= 2 and between[-1] in ("and", "or", "nor") and not (set(lo.phrase.split())
                                                                                   & set(hi.phrase.split()))
