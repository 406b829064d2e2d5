"""Which deficiencies fit these symptoms? A ranked, explainable list — not a diagnosis.

The score of a deficiency, shown with every candidate:
    for each chosen symptom it is linked to:  evidence weight x frequency weight
        evidence:  established 1.0, probable 0.8, reported 0.45, disputed 0.25
        frequency: common 1.0, occasional 0.75, rare 0.5, unknown 0.6
      + 0.25 when that symptom is one of the deficiency's hallmark (classic) features
    - 0.1 for each hallmark feature that was not chosen (at most 0.3 in all)
Only deficiencies linked to at least one chosen symptom are listed.

Input is capped: at most MAX_SYMPTOMS phrases, each cut to MAX_SYMPTOM_CHARS characters (a
symptom in lay words is a few words; a pasted page is not read as eight symptoms).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from b12ref.core.notices import NOT_A_DIAGNOSIS  # noqa: F401 - re-exported
from b12ref.core.library import Library
from b12ref.core.mentions import MentionFinder
from b12ref.core.records import Link
from b12ref.core.search import EVIDENCE_WEIGHT, FREQUENCY_WEIGHT, Searcher

MAX_SYMPTOMS = 8
MAX_SYMPTOM_CHARS = 80
HALLMARK_BONUS = 0.25
MISSING_HALLMARK = 0.1
MISSING_HALLMARK_CAP = 0.3


@dataclass
class Candidate:
    id: str
    name: str
    score: float
    matched: list[dict]
    missing_hallmarks: list[str]
    tests: list[str]

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class FitResult:
    asked: list[str]
    symptoms: list[dict]
    unrecognised: list[str]
    candidates: list[Candidate]
    seek_care: list[str] = field(default_factory=list)
    disclaimer: str = NOT_A_DIAGNOSIS

    def to_dict(self) -> dict:
        data = asdict(self)
        data["candidates"] = [c.to_dict() for c in self.candidates]
        return data


def cap_phrases(phrases: list[str]) -> list[str]:
    """The phrases the checker reads: stripped, non-empty, each cut to MAX_SYMPTOM_CHARS, at most MAX_SYMPTOMS."""
    capped = []
    for phrase in phrases:
        text = " ".join(str(phrase).split())[:MAX_SYMPTOM_CHARS].strip()
        if text:
            capped.append(text)
        if len(capped) == MAX_SYMPTOMS:
            break
    return capped


def link_weight(link: Link) -> float:
    return EVIDENCE_WEIGHT.get(link.evidence, 0.2) * FREQUENCY_WEIGHT.get(link.frequency, 0.5)


class SymptomChecker:
    def __init__(self, library: Library, searcher: Searcher | None = None) -> None:
        self.library = library
        self.searcher = searcher or Searcher(library)
        self.finder = MentionFinder(self.searcher)

    def resolve(self, phrase: str) -> str | None:
        """The symptom id a typed phrase means ("sore tongue" -> glossitis), or None."""
        mentions = [m for m in self.finder.find(phrase) if m.ref_type == "symptom"]
        if mentions:
            return max(mentions, key=lambda m: m.length).ref_id
        result = self.searcher.search(phrase, type_="symptom", limit=1, prefix=True)
        if result.hits and result.hits[0].tier in ("exact", "prefix"):
            return result.hits[0].id
        loose = self.finder.loose_symptom(phrase, exclude=set())  # its best phrase may name an outcome only
        return loose.ref_id if loose and loose.ref_type == "symptom" else None

    def fit(self, phrases: list[str]) -> FitResult:
        asked = cap_phrases(phrases)
        chosen: dict[str, str] = {}
        unrecognised = []
        for phrase in asked:
            symptom_id = self.resolve(phrase)
            if symptom_id is None:
                unrecognised.append(phrase)
            else:
                chosen.setdefault(symptom_id, phrase)
        symptoms = [{"id": s.id, "name": s.name, "typed": chosen[s.id]}
                    for s in (self.library.symptom(i) for i in chosen)]
        by_deficiency: dict[str, list[Link]] = {}
        for symptom_id in chosen:
            for link in self.library.symptom(symptom_id).causes:  # direct links, then specific forms
                by_deficiency.setdefault(link.deficiency_id, []).append(link)
        candidates = []
        seek_care: list[str] = []
        for deficiency_id, links in by_deficiency.items():
            all_links = self.library.links(deficiency_id=deficiency_id)
            score = sum(link_weight(link) + (HALLMARK_BONUS if link.hallmark else 0.0) for link in links)
            matched_ids = set(chosen) | {link.symptom_id for link in links}
            missing = [link.symptom_name for link in all_links if link.hallmark and link.symptom_id not in matched_ids]
            score -= min(MISSING_HALLMARK * len(missing), MISSING_HALLMARK_CAP)
            page = self.library.deficiency(deficiency_id)
            candidates.append(Candidate(
                id=deficiency_id, name=page.name, score=round(score, 3),
                matched=[{"symptom_id": link.symptom_id, "symptom": link.symptom_name,
                          "evidence": link.evidence, "frequency": link.frequency,
                          "hallmark": link.hallmark, "red_flag": link.red_flag,
                          "weight": round(link_weight(link), 3)} for link in links],
                missing_hallmarks=missing,
                tests=[t.name for t in page.tests[:3]]))
            for link in links:
                if link.red_flag:
                    seek_care.append(f"{link.symptom_name} with possible {page.name} deficiency")
        candidates.sort(key=lambda c: (-c.score, c.name))
        return FitResult(asked=asked, symptoms=symptoms, unrecognised=unrecognised,
                         candidates=candidates, seek_care=list(dict.fromkeys(seek_care)))
