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
The words that cue a side or a page part are in core/question_cues.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from b12ref.core.mentions import KIND_RANK, Mention, MentionFinder
from b12ref.core.normalize import fold_words, stem
from b12ref.core.quantity import Quantity, quantities
from b12ref.core.question_cues import (BENEFIT_CUES, DEFICIENCY_CUES, DEFICIENCY_OF_SYMPTOM, EXCESS_CUES, EXCESS_PAGE,
                                       FRAME_WORDS, RESULT_AFTER_NAME, SECTION_CUES, TAKING_CUES, TAKING_PAGE, WH_START,
                                       cue)
from b12ref.core.words import STOP

MAX_QUESTION = 2000
Subjects = Callable[[str, str], "list[tuple[str, str, list[str]]]"]

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


class QuestionParser:
    """Turns text into a Question using the search index (names, synonyms, typos) and the
    reference values (blood-test names, supplement forms)."""

    def __init__(self, finder: MentionFinder, lab_names: dict[str, tuple[str, str]] | None = None,
                 form_names: dict[str, tuple[str, str]] | None = None, subjects: Subjects | None = None) -> None:
        self.finder = finder
        # (nutrient id, side) -> the symptoms and outcomes recorded for it on that side, with their phrases
        self.subjects = subjects
        # folded name -> (test id, nutrient id); folded form name -> (form name, nutrient id)
        self.lab_names = lab_names or {}
        self.form_names = form_names or {}

    def parse(self, text: str) -> Question:
        text = (text or "")[:MAX_QUESTION]
        q = Question(text=text)
        low = " ".join(text.lower().split())
        mentions = self.finder.find(text)
        q.mentions = mentions
        # Cues are read on the text as typed and as corrected ("defficiency", "symptons").
        cues = low + " | " + " ".join(self.finder.words(text)[0])
        # The best reading of each nutrient, in the order they are named ("vitamin a or vitamin d").
        nutrients = sorted(_distinct(m for m in sorted(mentions, key=_rank) if m.ref_type in ("deficiency", "nutrient")
                                     and m.kind != "risk"), key=lambda m: m.start)
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
        if not symptoms and nutrients and not medicines:
            symptoms = self._recorded_concepts(text, low, nutrients[0], self._side(cues, nutrients, [], []))
        if symptoms:
            self._set_symptom(q, symptoms[0])
        if medicines:
            q.medicine = medicines[0].ref_id
        q.side = self._side(cues, nutrients, symptoms, self.finder.words(text)[0], _form_named(mentions, nutrients))
        if medicines and nutrients and (not symptoms or not cue(BENEFIT_CUES, low)):
            q.kind, q.side = "interaction", "taking"
            q.parts = [replace(q, medicine=m.ref_id, parts=[]) for m in medicines[1:]]
            if q.parts:
                q.parts.insert(0, replace(q, parts=[]))
            return q
        section = self._section(cues, nutrients, symptoms, q.side)
        if section is not None:
            q.kind, q.section = "page", section
            if section in ("too_much", "taking") or (nutrients and not _named(symptoms, nutrients)):
                q.symptom = q.symptom_type = None
                q.symptom_phrase = ""
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
    def _side(low: str, nutrients: list[Mention], symptoms: list[Mention], words: list[str],
              form_named: bool = False) -> str:
        """Too little, too much, taking it for a benefit, or unclear: from the cues, the kind of name used
        ("hypervitaminosis" is too much, "ferrous sulphate" is taking it) and "X for Y"."""
        if nutrients and nutrients[0].kind == "excess":
            return "excess"
        if nutrients and nutrients[0].kind == "condition":
            return "deficiency"
        deficiency = cue(DEFICIENCY_CUES, low)
        excess = cue(EXCESS_CUES, low)
        benefit = cue(BENEFIT_CUES, low) or (symptoms and symptoms[0].ref_type == "outcome") or any(
            _for_subject(words, m) for m in symptoms)
        if excess and not re.search(r"too little|not enough", low):
            return "excess"
        if deficiency:
            return "deficiency"
        if benefit:
            return "benefit"
        if cue(TAKING_CUES, low) or form_named:
            return "excess"  # "do iron supplements cause constipation": a harm of taking it
        return "unclear"

    @staticmethod
    def _section(low: str, nutrients: list[Mention], symptoms: list[Mention], side: str | None) -> str | None:
        """The page part a question asks for, or None for a yes/no question.

        A symptom named with the nutrient makes a question about the pair ("can low b12 cause
        tingling"), unless it is only a loose reading ("foods high in zinc"), the nutrient's own
        condition name ("iron overload"), or the question asks what, how or who with a page cue
        ("how can i prevent iron deficiency in pregnancy")."""
        if symptoms and not nutrients:
            return "deficiencies" if DEFICIENCY_OF_SYMPTOM.search(low) else None
        if not nutrients:
            return None
        if _named(symptoms, nutrients) and not WH_START.match(low):
            return None
        if side == "benefit" and not _named(symptoms, nutrients) and TAKING_PAGE.search(low):
            return "taking"
        if side == "excess" and not _named(symptoms, nutrients):
            if TAKING_PAGE.search(low):
                return "taking"
            if EXCESS_PAGE.search(low):
                return "too_much"
            return None
        for section, pattern in SECTION_CUES:
            if re.search(pattern, low):
                return section
        return None

    def _recorded_concepts(self, text: str, low: str, nutrient: Mention, side: str) -> list[Mention]:
        """No symptom named whole: the subjects recorded for this nutrient on this side whose phrases
        share the question's words ("biotin for my nails" -> brittle nails; "magnesium help you
        sleep" -> insomnia; "taste and smell" -> both). The answer says which concept it answered."""
        if self.subjects is None:
            return []
        used = set(nutrient.phrase.lower().split()) | set(fold_words(nutrient.phrase)) | FRAME_WORDS
        stems = self.finder.content_stems(text, {stem(w) for w in used})
        if not stems:
            return []
        sides = {"unclear": ("deficiency", "excess")}.get(side, (side,))
        candidates = {}
        for s in sides:
            for subject_id, subject_type, phrases in self.subjects(nutrient.ref_id, s):
                candidates.setdefault(subject_id, (subject_type, phrases))
        idf = self.finder._idf(stems)
        total = sum(idf.values()) or 1.0
        scored = []
        for subject_id, (subject_type, phrases) in candidates.items():
            best = None
            for phrase in phrases:
                pstems = {stem(w) for w in fold_words(phrase)} - STOP
                hit = pstems & stems
                if not hit:
                    continue
                pidf = self.finder._idf(pstems)
                key = (sum(idf[h] for h in hit) / total, sum(pidf[h] for h in hit) / (sum(pidf.values()) or 1.0))
                if best is None or key > best[0]:
                    best = (key, phrase, frozenset(hit))
            if best:
                scored.append((best[0], subject_id, subject_type, best[1], best[2]))
        scored.sort(key=lambda x: (x[0], x[3] == x[1]), reverse=True)
        chosen: list[tuple[int, Mention]] = []
        covered: set[str] = set()
        joined = bool(re.search(r"\b(and|or)\b", low))
        where = {}  # each stem's first place in the text: parts keep the order they are named
        for i, w in enumerate(self.finder.words(text)[0]):
            where.setdefault(stem(w), i)
        for key, subject_id, subject_type, phrase, hit in scored:
            if hit & covered or (chosen and not joined):
                continue
            mention = Mention(0, 0, subject_type, subject_id, "partial", phrase, covers=key[0])
            chosen.append((min(where.get(h, 99) for h in hit), mention))
            covered |= hit
        if not chosen or sum(idf[h] for h in covered) / total < 0.5:
            return []
        return [m for _, m in sorted(chosen, key=lambda c: c[0])]

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
            result = pick.start >= best[3] and RESULT_AFTER_NAME.match(low[best[3]:pick.start])  # "ferritin of 2"
            if cue(("a day", "daily", "per day", "tablets?", "capsules?"), low) and not result and not cue(
                    ("level", "result", "blood test", "my .* is"), low):
                return None  # a dose
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


def _form_named(mentions: list[Mention], nutrients: list[Mention]) -> bool:
    """The nutrient named by a supplement form ("ferrous sulphate", "fish oil"), not by its own name."""
    if not nutrients:
        return False
    n = nutrients[0]
    own = set(n.ref_id.split("-"))
    return any(m.kind == "form" and m.ref_id == n.ref_id and (m.start, m.end) == (n.start, n.end)
               and set(fold_words(m.phrase)) != own for m in mentions)


def _named(symptoms: list[Mention], nutrients: list[Mention]) -> bool:
    """A symptom named in its own words: not a loose reading, not the nutrient's own condition name."""
    spans = {(n.start, n.end) for n in nutrients}
    return any(m.kind != "partial" and (m.start, m.end) not in spans for m in symptoms)


def _for_subject(words: list[str], m: Mention) -> bool:
    """"magnesium for cramps", "iron tablets for my tiredness": taking it for something."""
    if m.kind == "partial" or not m.end:
        return False
    before = words[max(0, m.start - 2):m.start]
    return bool(before) and (before[-1] == "for" or (len(before) == 2 and before[0] == "for" and before[1] in (
        "my", "the", "your", "his", "her", "our", "a", "bad", "better", "less")))


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
