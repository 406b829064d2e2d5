"""Answer "can X deficiency cause Y?" from the graded links — never a guess.

verdict "yes": the reference records the link (any grade), with the grade in plain words.
verdict "no": both were recognised and no link is recorded ("not a recognised cause in this reference").
verdict "unknown": the deficiency or the symptom was not recognised; the summary says what was.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from b12ref.core.library import Library
from b12ref.core.mentions import KIND_RANK, STOP, Mention, MentionFinder
from b12ref.core.normalize import fold_words, stem
from b12ref.core.search import Searcher

EVIDENCE_WORDS = {
    "established": "well established (found in guidelines and standard texts)",
    "probable": "probable (consistent across reviews and case series)",
    "reported": "reported only in case reports or small series",
    "disputed": "disputed (the evidence is weak or conflicting)",
}
FREQUENCY_WORDS = {
    "common": "it is common in people with this deficiency",
    "occasional": "it happens occasionally",
    "rare": "it is rare",
    "unknown": "how often it happens is not known",
}


@dataclass
class Answer:
    question: str
    deficiency: dict | None
    symptom: dict | None
    verdict: str
    evidence: str | None = None
    frequency: str | None = None
    summary: str = ""
    mechanism: str | None = None
    note: str | None = None
    red_flag: bool = False
    other_causes: list[str] = field(default_factory=list)
    red_flags: list[str] = field(default_factory=list)
    linked_deficiencies: list[dict] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)

    @property
    def headline(self) -> str:
        if self.verdict == "yes":
            return f"Yes — {self.evidence}, {self.frequency}"
        if self.verdict == "no":
            return "Not a recognised cause in this reference"
        return "Not enough to answer"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["headline"] = self.headline
        return data


class Answerer:
    def __init__(self, library: Library, searcher: Searcher | None = None) -> None:
        self.library = library
        self.searcher = searcher or Searcher(library)
        self.finder = MentionFinder(self.searcher)

    def understand(self, question: str) -> tuple[Mention | None, Mention | None]:
        """The deficiency and the symptom the text names (either may be None)."""
        mentions = self.finder.find(question)
        deficiency = next((m for m in sorted(mentions, key=_deficiency_rank)
                           if m.ref_type == "deficiency" and m.kind != "risk"), None)
        symptoms = [m for m in mentions if m.ref_type == "symptom"
                    and (deficiency is None or m.end <= deficiency.start or m.start >= deficiency.end)]
        if not symptoms and deficiency is not None:
            # A condition name that is also a symptom ("rickets") answers for both.
            symptoms = [m for m in mentions if m.ref_type == "symptom"
                        and (m.start, m.end) == (deficiency.start, deficiency.end)]
        if not symptoms and deficiency is not None and deficiency.kind == "condition":
            inner = self.finder.inner_symptom(question, deficiency.start, deficiency.end)
            symptoms = [inner] if inner else []  # "folate deficiency anaemia": anaemia
        symptom = max(symptoms, key=lambda m: (m.length, -m.start)) if symptoms else None
        used = set()
        if deficiency is not None:
            used = {s for s in deficiency.phrase.lower().split()}
            used |= set(fold_words(deficiency.phrase))  # an index phrase: nothing to correct
        exclude = _stems(used)
        if symptom is None:
            return deficiency, self.finder.loose_symptom(question, exclude=exclude)
        # A whole phrase found can still be the lesser reading: "swelling" (oedema) in "a swelling in
        # the neck", where "neck swelling" (goitre) explains more of what was asked. Only a phrase that
        # keeps the words found can replace it: "dizzy when I stand up" stays dizziness, never
        # "trouble standing up from a chair".
        found = frozenset(stem(w) for w in fold_words(symptom.phrase)) - STOP
        wider = self.finder.loose_symptom(question, exclude=exclude, require=found)
        if wider is not None and wider.ref_id != symptom.ref_id:
            if wider.covers > self.finder.coverage(found, self.finder.content_stems(question, exclude)) + 1e-9:
                return deficiency, wider
        return deficiency, symptom

    def ask(self, question: str) -> Answer:
        question = (question or "")[:2000]
        dm, sm = self.understand(question)
        deficiency = self.library.deficiency(dm.ref_id) if dm else None
        symptom = self.library.symptom(sm.ref_id) if sm else None
        answer = Answer(
            question=question,
            deficiency={"id": deficiency.id, "name": deficiency.name, "aliases": deficiency.aliases}
            if deficiency else None,
            symptom={"id": symptom.id, "name": symptom.name, "synonyms": symptom.synonyms}
            if symptom else None,
            verdict="unknown")
        if symptom is not None:
            answer.other_causes = [i.text for i in symptom.other_causes]
            answer.red_flags = [i.text for i in symptom.red_flags]
            answer.linked_deficiencies = [
                {"id": c.deficiency_id, "name": c.deficiency_name, "evidence": c.evidence,
                 "frequency": c.frequency} for c in symptom.causes]
        if deficiency is None or symptom is None:
            answer.summary = _unknown_summary(deficiency, symptom, answer.linked_deficiencies)
            return answer
        # the direct link, else the best-graded one to a specific form (the page lists them in that order)
        link = next((c for c in symptom.causes if c.deficiency_id == deficiency.id), None)
        asked_name = symptom.name
        if link is not None and link.symptom_id != symptom.id:
            symptom = self.library.symptom(link.symptom_id)  # the specific form the reference records
            answer.symptom = {"id": symptom.id, "name": symptom.name, "synonyms": symptom.synonyms}
        if link is None:
            answer.verdict = "no"
            others = [d["name"] for d in answer.linked_deficiencies]
            answer.summary = (
                f"{symptom.name} is not a recognised feature of {deficiency.name} "
                f"deficiency in this reference: no link between them is recorded. "
                + (f"Deficiencies that can cause it: {_join(others)}." if others else
                   "No deficiency in this reference is recorded as causing it."))
            return answer
        known = self.library.sources()
        answer.verdict = "yes"
        answer.evidence = link.evidence
        answer.frequency = link.frequency
        answer.mechanism = link.mechanism or None
        answer.note = link.note or None
        answer.red_flag = link.red_flag
        answer.sources = [{"id": s, "title": known[s].title, "url": known[s].link}
                          for s in link.sources if s in known]
        form = f" (a specific form of {asked_name.lower()})" if symptom.name != asked_name else ""
        answer.summary = (
            f"Yes. {deficiency.name} deficiency is a recorded cause of {symptom.name.lower()}{form}. "
            f"The evidence is {EVIDENCE_WORDS[link.evidence]}, and {FREQUENCY_WORDS[link.frequency]}."
            + (f" How: {link.mechanism.rstrip('.')}." if link.mechanism else "")
            + (f" {link.note}" if link.note else ""))
        return answer


def _deficiency_rank(m: Mention) -> tuple[int, int]:
    return (KIND_RANK.get(m.kind, 9), m.start)


def _stems(words: set[str]) -> set[str]:
    return {stem(w) for w in words}


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _unknown_summary(deficiency, symptom, linked: list[dict]) -> str:
    if deficiency is None and symptom is None:
        return ("No deficiency or symptom in this reference was recognised in the question. "
                "Try searching for the nutrient or the symptom on its own.")
    if symptom is None:
        return (f"Recognised {deficiency.name} deficiency, but no symptom in this reference. "
                f"Open the {deficiency.name} page for its symptoms, or search for the symptom.")
    names = [d["name"] for d in linked]
    return (f"Recognised the symptom {symptom.name}, but no deficiency. "
            + (f"Deficiencies that can cause it: {_join(names)}." if names else
               "No deficiency in this reference is recorded as causing it."))
