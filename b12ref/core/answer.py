"""Answer a parsed Question from the records that hold the answer — never a guess, never one side
answered from another.

basis "recorded": a graded link (deficiency or excess), benefit, side effect or interaction: verdict "yes"
basis "studied": research looked and the evidence does not support it ("no") or is conflicting ("uncertain")
basis "not-recorded": this reference holds no record (verdict "no-record"); never a firm no
verdict "unknown": the question was not understood well enough to look anything up
"""

from __future__ import annotations

import re
from dataclasses import asdict

from b12ref.core import answer_kinds
from b12ref.core.answer_record import Answer
from b12ref.core.library import Library, NotFound
from b12ref.core.limits import upper_limits
from b12ref.core.mentions import MentionFinder
from b12ref.core.question import Question, QuestionParser
from b12ref.core.question_cues import EXCESS_CUES, cue
from b12ref.core.search import Searcher
from b12ref.core.sides import SideReader, SideRecord
from b12ref.core.words import STOP

EVIDENCE_WORDS = {
    "established": "established: found in guidelines and standard texts",
    "probable": "probable: consistent across reviews and case series",
    "reported": "reported: described in case reports and small series only",
    "disputed": "disputed: studied, but the evidence is weak or conflicting",
    "not-supported": "not supported: studied, and the evidence does not support it",
}
FREQUENCY_WORDS = {"common": "common", "occasional": "occasional", "rare": "rare",
                   "unknown": "how often is not known"}
# Words too common in a question or a trial's population to say who was studied.
CONTEXT_STOP = {w[:6] for w in STOP | {"take", "taking", "tablets", "supplements", "even", "people", "adults",
                                       "daily", "help", "good", "worth", "fine", "normal", "blood", "been", "their"}}
VERDICT_OF = {"established": "yes", "probable": "yes", "reported": "yes", "disputed": "uncertain",
              "not-supported": "no"}


class Answerer:
    def __init__(self, library: Library, searcher: Searcher | None = None) -> None:
        self.library = library
        self.searcher = searcher or Searcher(library)
        self.finder = MentionFinder(self.searcher)
        self.sides = SideReader(library.conn)
        refs = self.sides.references()
        from b12ref.core.lab import lab_names

        forms = {}
        for nutrient, ref in refs.items():
            for form in ref.get("forms") or []:
                for name in [form.get("name"), *(form.get("aliases") or [])]:
                    if name:
                        forms.setdefault(" ".join(str(name).lower().split()), (str(form["name"]), nutrient))
        self.parser = QuestionParser(self.finder, lab_names(refs), forms, self._subjects)
        self._subjects_of: dict[tuple[str, str], list] = {}

    def _subjects(self, nutrient_id: str, side: str) -> list[tuple[str, str, list[str]]]:
        key = (nutrient_id, side)
        if key not in self._subjects_of:
            self._subjects_of[key] = self.sides.subjects(nutrient_id, side)
        return self._subjects_of[key]

    def understand(self, text: str) -> Question:
        return self.parser.parse(text)

    def ask(self, text: str) -> Answer:
        return self.answer(self.understand(text))

    def answer(self, q: Question) -> Answer:
        if q.kind == "lab":
            return answer_kinds.lab_answer(self, q)
        if q.kind == "dose":
            return answer_kinds.dose_answer(self, q)
        if q.kind == "interaction":
            # One name for several medicines ("blood thinners"): a recorded interaction comes first.
            if q.parts:
                q.parts.sort(key=lambda p: not self.sides.interactions(p.nutrient, p.medicine))
            return self._with_parts(q, lambda part: answer_kinds.interaction_answer(self, part))
        if q.kind == "page":
            return answer_kinds.page_answer(self, q)
        return self._with_parts(q, self.yes_no)

    def _with_parts(self, q: Question, one) -> Answer:
        """One answer, or with parts ("magnesium or potassium") one each, the first also at the top."""
        if not q.parts:
            return one(q)
        parts = [one(p) for p in q.parts]
        top = Answer(**{k: v for k, v in asdict(parts[0]).items() if k != "parts"})
        top.question = q.text
        top.parts = parts
        top.summary = " ".join(f"{p.headline}." for p in parts)
        return top

    # ---- yes/no questions ---------------------------------------------------------------
    def yes_no(self, q: Question) -> Answer:
        a = Answer(question=q.text, kind="question")
        self._fill_names(a, q)
        if q.side == "benefit" and q.nutrient is not None and q.symptom is None:
            context = self._side_answer(q, "benefit")  # "iron tablets in pregnancy": the group studied
            if context.basis in ("recorded", "studied"):
                return context
        if q.nutrient is None or q.symptom is None:
            a.direction = q.side if q.side in ("deficiency", "excess", "benefit") else "deficiency"
            a.headline = "Not enough to answer"
            a.summary = _unknown_summary(a)
            return a
        if q.side == "unclear":
            both = [self._side_answer(q, "deficiency"), self._side_answer(q, "excess")]
            # A recorded link on either side answers first, then a studied record ("vitamin a and hair loss").
            recorded = sorted((b for b in both if b.basis in ("recorded", "studied")),
                              key=lambda b: (b.basis != "recorded", b.verdict != "yes"))
            top = Answer(**{k: v for k, v in asdict(recorded[0] if recorded else both[0]).items()
                            if k != "parts"})
            top.parts = both
            top.summary = " ".join(f"{b.headline}. {b.summary}" for b in both)
            return top
        return self._side_answer(q, q.side or "deficiency")

    def _side_answer(self, q: Question, side: str) -> Answer:
        a = Answer(question=q.text, kind="question", direction=side)
        self._fill_names(a, q)
        name, subject = a.nutrient["name"], (a.symptom or {}).get("name", "")
        if side == "deficiency":
            a.deficiency = a.nutrient if q.nutrient_type == "deficiency" else None
            record = self._deficiency_link(q, a)
            if record is None:
                record = next(iter(self.sides.records("studied", q.nutrient, q.symptom)), None)
        elif side == "excess":
            excess = self.sides.records("excess", q.nutrient, q.symptom)
            usual = self.sides.records("side-effect", q.nutrient, q.symptom)
            # "do iron supplements cause constipation" asks about usual doses; "too much iron" about excess
            asked_too_much = cue(EXCESS_CUES, q.text.lower())
            records = (excess or usual) if asked_too_much else (usual or excess)
            record = min(records, key=lambda r: r.rank) if records else None
        else:
            record = next(iter(self.sides.records("benefit", q.nutrient, q.symptom)), None) if q.symptom else None
            if record is None:
                record = self._benefit_in_context(q, a)
        if q.symptom_type == "symptom":
            self._symptom_context(a, q.symptom)
        if record is not None:
            self._fill_record(a, record)
        name, subject = a.nutrient["name"], (a.symptom or {}).get("name", "")
        if side == "excess":
            self._name_upper_limits(a, q.nutrient)
        _phrase(a, "taking" if record is not None and record.side == "side-effect" else side, name, subject)
        return a

    def _name_upper_limits(self, a: Answer, nutrient: str) -> None:
        """An answer about too much names the adult upper limits and what they rest on."""
        a.upper_limits = upper_limits(self.sides.references().get(nutrient, {}))
        known = {w["id"] for w in a.sources}
        a.sources += [w for w in self.works([s for v in a.upper_limits for s in v["sources"]]) if w["id"] not in known]

    def _benefit_in_context(self, q: Question, a: Answer) -> SideRecord | None:
        """"Iron in pregnancy": no record for the outcome named, but records studied in that group
        (their population names it); the best graded of those, said to be answered through it."""
        asked = q.symptom_phrase or " ".join(w for w in re.findall(r"[a-z]+", q.text.lower())
                                             if w not in q.nutrient_phrase.lower().split())
        words = {w[:6] for w in re.findall(r"[a-z]+", asked.lower()) if len(w) > 3} - CONTEXT_STOP
        if not words:
            return None
        fits = [r for r in self.sides.records("benefit", q.nutrient)
                if words & {w[:6] for w in re.findall(r"[a-z]+", r.population.lower())}]
        if not fits:
            return None
        best = min(fits, key=lambda r: r.rank)
        a.symptom_asked = q.symptom_phrase or None
        a.symptom = self._symptom_dict(best.subject_id)
        return best

    def _deficiency_link(self, q: Question, a: Answer) -> SideRecord | None:
        """The direct link, else the best-graded one to a specific form of the symptom."""
        if q.nutrient_type != "deficiency" or q.symptom_type != "symptom":
            return None
        try:
            page = self.library.symptom(q.symptom)
        except NotFound:
            return None
        link = next((c for c in page.causes if c.deficiency_id == q.nutrient), None)
        if link is None:
            return None
        if link.symptom_id != q.symptom:
            a.symptom_asked = a.symptom_asked or a.symptom["name"]
            a.symptom = self._symptom_dict(link.symptom_id)
        return SideRecord("deficiency", link.deficiency_id, link.deficiency_name, link.symptom_id,
                          link.symptom_name, link.evidence, link.sources, link.frequency, link.mechanism,
                          link.note, link.red_flag)

    def _fill_record(self, a: Answer, r: SideRecord) -> None:
        a.evidence = r.evidence
        a.frequency = r.frequency or None
        a.verdict = VERDICT_OF[r.evidence]
        a.basis = "studied" if r.side == "studied" or r.evidence in ("disputed", "not-supported") else "recorded"
        a.grade = EVIDENCE_WORDS[r.evidence] + (f"; {FREQUENCY_WORDS.get(r.frequency, r.frequency)}"
                                                 if r.frequency else "")
        a.mechanism = r.mechanism or None
        a.note = r.note or None
        a.red_flag = r.red_flag
        a.at_dose = r.dose or None
        a.what_helps = r.what_helps or None
        a.population = r.population or None
        a.certainty = r.certainty or None
        a.sources = self.works(r.sources)

    def _fill_names(self, a: Answer, q: Question) -> None:
        if q.nutrient:
            a.nutrient = self.nutrient_dict(q.nutrient)
        if q.symptom:
            a.symptom = self._symptom_dict(q.symptom)
            if q.symptom_partial and a.symptom and q.symptom_phrase.lower() != a.symptom["name"].lower():
                a.symptom_asked = _asked_words(q)

    def _symptom_context(self, a: Answer, symptom_id: str) -> None:
        try:
            page = self.library.symptom(symptom_id)
        except NotFound:
            return
        a.other_causes = [{"text": i.text, "sources": i.sources} for i in page.other_causes]
        a.red_flags = [{"text": i.text, "sources": i.sources} for i in page.red_flags]
        a.linked_deficiencies = [{"id": c.deficiency_id, "name": c.deficiency_name, "evidence": c.evidence,
                                  "frequency": c.frequency} for c in page.causes]
        a.excess_causes = [{"id": r.nutrient_id, "name": r.nutrient_name, "evidence": r.evidence,
                            "frequency": r.frequency} for r in sorted(
            self.sides.records("excess", subject_id=symptom_id), key=lambda r: r.rank)]

    # ---- names and works --------------------------------------------------------------------
    def nutrient_dict(self, nutrient_id: str) -> dict | None:
        for table in ("deficiencies", "nutrients"):
            row = self.sides.page_row(table, nutrient_id)
            if row:
                import json
                return {"id": row["id"], "name": row["name"], "aliases": json.loads(row["aliases"] or "[]"),
                        "page": "deficiency" if table == "deficiencies" else "nutrient"}
        return None

    def _symptom_dict(self, subject_id: str) -> dict | None:
        import json
        row = self.sides.page_row("symptoms", subject_id)
        if row:
            return {"id": row["id"], "name": row["name"], "synonyms": json.loads(row["synonyms"] or "[]"),
                    "page": "symptom"}
        row = self.sides.page_row("outcomes", subject_id)
        if row:
            return {"id": row["id"], "name": row["name"], "synonyms": json.loads(row["synonyms"] or "[]"),
                    "page": "outcome"}
        return None

    def works(self, ids: list[str]) -> list[dict]:
        known = self.library.sources()
        out = []
        for i in dict.fromkeys(ids):
            if i in known:
                w = known[i].to_dict()
                w["url"] = known[i].link
                w["citation"] = known[i].citation()
                out.append(w)
        return out


def _asked_words(q: Question) -> str:
    return q.symptom_phrase


def _lower(name: str) -> str:
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


def _phrase(a: Answer, side: str, name: str, subject: str) -> None:
    """Headline and summary of a yes/no answer, by side and basis."""
    s = _lower(subject)
    as_concept = f" ({a.symptom_asked}, answered as {s})" if a.symptom_asked else ""
    if side == "deficiency":
        cause = f"{name} deficiency"
    elif side == "excess":
        cause = f"too much {name}"
    elif side == "taking":
        cause = f"taking {name} supplements"
    else:
        cause = f"taking {name}"
    grade = f" ({a.evidence}, {a.frequency})" if a.frequency else (f" ({a.evidence})" if a.evidence else "")
    if a.basis is None:
        a.verdict, a.basis = "no-record", "not-recorded"
        verb = "helping" if side == "benefit" else "causing"
        a.headline = f"No record: this reference holds no record of {cause} {verb} {s}"
        others = [d["name"] for d in (a.linked_deficiencies if side == "deficiency" else a.excess_causes)]
        a.summary = (f"This reference holds no record of {cause} {verb} {s}{as_concept}. That is not the same "
                     "as a no: it may not have been studied, or not recorded here. "
                     + (f"Recorded causes of {s} on this side: {_join(others)}. " if others else "")
                     + ("Ask a pharmacist or doctor." if side != "deficiency" else
                        "See the symptom's page for its other causes."))
        return
    if side == "benefit":
        verbs = {"yes": f"Yes: {cause} can help {s}", "no": f"No: trials found {cause} does not help {s}",
                 "uncertain": f"Uncertain: studies of {cause} for {s} are weak or conflicting"}
    else:
        verbs = {"yes": f"Yes: {cause} can cause {s}",
                 "no": f"No: the evidence does not support {cause} causing {s}",
                 "uncertain": f"Uncertain: the evidence on {cause} and {s} is weak or conflicting"}
    a.headline = verbs[a.verdict] + grade
    parts = [f"{a.headline[:1].upper()}{a.headline[1:]}{as_concept}.", f"Evidence: {a.grade}."]
    if a.at_dose:
        parts.append(f"Seen at: {a.at_dose.rstrip('.')}.")
    if a.population:
        parts.append(f"Studied in: {a.population.rstrip('.')}.")
    if a.mechanism:
        parts.append(f"How: {a.mechanism.rstrip('.')}.")
    if a.note:
        parts.append(a.note)
    if a.what_helps:
        parts.append(f"What helps: {a.what_helps}")
    a.summary = " ".join(parts)


def _join(names: list[str]) -> str:
    names = list(dict.fromkeys(names))
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _unknown_summary(a: Answer) -> str:
    if a.nutrient is None and a.symptom is None:
        return ("No nutrient or symptom in this reference was recognised in the question. "
                "Try searching for the nutrient or the symptom on its own.")
    if a.symptom is None:
        return (f"Recognised {a.nutrient['name']}, but no symptom in this reference. "
                f"Open the {a.nutrient['name']} page for its symptoms, or search for the symptom.")
    return f"Recognised {a.symptom['name']}, but no nutrient. Search for the nutrient, or open the symptom's page."
