"""The content schema, declared once: every folder, record and field with its type and rules.

The loader (content.py) reads the folders listed here, the validator (validate.py) checks each
record against its fields, and a test checks that db/README.md documents every field.
"""

from __future__ import annotations

from dataclasses import dataclass

CATEGORIES = ("vitamin", "mineral", "other")
# Grades of evidence, strongest first. The last two are written only as studied records or benefits.
EVIDENCE = ("established", "probable", "reported", "disputed", "not-supported")
LINK_EVIDENCE = EVIDENCE[:4]
FREQUENCY = ("common", "occasional", "rare", "unknown")
ROUTES = ("oral", "intramuscular", "intravenous", "subcutaneous", "diet", "topical", "nasal", "other")
RISK_KINDS = ("drug", "diet", "surgery", "condition", "genetic", "life-stage", "lifestyle")
EXCESS_ROUTES = ("supplements", "fortified-foods", "medicines", "impaired-excretion",
                 "acute-poisoning", "diet")
SEVERITY = ("serious", "moderate", "minor")
CERTAINTY = ("high", "moderate", "low", "very-low")
WORK_KINDS = ("article", "book", "chapter", "guideline", "web-page")
INTAKE_KINDS = ("RDA", "AI", "PRI", "UL", "EAR")
BANDS = ("low", "borderline", "normal", "high")
BODY_SYSTEMS = (
    "general", "neurological", "neuromuscular", "musculoskeletal", "psychiatric", "blood",
    "cardiovascular", "respiratory", "digestive", "mouth", "eyes", "skin", "hair-nails",
    "endocrine", "immune", "growth", "reproductive", "kidney",
)
SECTIONS = {
    "overview": "Overview",
    "causes": "Causes and risk factors",
    "diagnosis": "Diagnosis",
    "treatment": "Treatment",
    "prevention": "Prevention",
    "when_to_seek_care": "When to seek care",
}
EXCESS_SECTIONS = {
    "overview": "How too much happens",
    "who_is_at_risk": "Who is at risk",
    "what_to_do": "What to do",
    "when_to_seek_care": "When to seek care",
}


@dataclass(frozen=True)
class F:
    """One field: its type (text, texts, choice, bool, number, date, year, sources, ref, list, map,
    items, range), whether it is required, the allowed values or referenced page kind, and for
    `list`/`map` the record it holds."""

    name: str
    type: str = "text"
    required: bool = False
    choices: tuple = ()
    ref: str = ""
    record: str = ""


# Records: a name -> its fields. `sources` fields are lists of bibliography ids.
RECORDS: dict[str, tuple[F, ...]] = {
    "deficiency": (
        F("id", "text", True), F("name", "text", True), F("category", "choice", True, CATEGORIES),
        F("aliases", "texts", True), F("conditions", "texts"), F("reviewed", "date", True),
        F("summary", "text", True), F("sections", "map", True, record="sections"),
        F("risk_factors", "list", True, record="risk_factor"), F("symptoms", "list", True, record="link"),
        F("tests", "list", True, record="test"), F("treatments", "list", True, record="treatment"),
        F("food_sources", "list", True, record="food"),
    ),
    "sections": tuple(F(key, "text", True) for key in SECTIONS),
    "risk_factor": (F("factor", "text", True), F("kind", "choice", True, RISK_KINDS), F("aliases", "texts"),
                    F("note", "text", True), F("sources", "sources", True)),
    "link": (F("symptom", "ref", True, ref="symptom"), F("frequency", "choice", True, FREQUENCY),
             F("evidence", "choice", True, LINK_EVIDENCE), F("mechanism", "text"), F("red_flag", "bool"),
             F("hallmark", "bool"), F("note", "text"), F("sources", "sources", True)),
    "test": (F("name", "text", True), F("what_it_shows", "text", True), F("reference_range", "text", True),
             F("pitfalls", "text"), F("sources", "sources", True)),
    "treatment": (F("name", "text", True), F("route", "choice", True, ROUTES), F("adult_dose", "text", True),
                  F("duration", "text", True), F("monitoring", "text", True), F("first_line", "bool"),
                  F("notes", "text"), F("clinician_plan", "text"), F("sources", "sources", True)),
    "food": (F("food", "text", True), F("serving", "text", True), F("amount", "text", True),
             F("sources", "sources", True)),
    "symptom": (
        F("id", "text", True), F("name", "text", True), F("hpo_id", "hpo"), F("hpo_name", "text"),
        F("hpo_synonyms", "texts"), F("hpo_broader", "refs", ref="symptom"), F("broader", "refs", ref="symptom"),
        F("body_system", "choice", True, BODY_SYSTEMS), F("synonyms", "texts"),
        F("description", "text", True), F("other_causes", "list", record="cited_item"),
        F("red_flags", "list", record="cited_item"), F("sources", "sources"),
    ),
    "cited_item": (F("text", "text", True), F("sources", "sources")),  # --strict: sources required
    "work": (
        F("id", "text", True), F("kind", "choice", True, WORK_KINDS), F("title", "text", True),
        F("authors", "text"), F("journal", "text"), F("publisher", "text"), F("year", "year"),
        F("accessed", "month"), F("url", "url"), F("doi", "text"), F("pmid", "text"), F("isbn", "text"),
        F("note", "text"),
    ),
    "nutrient": (F("id", "text", True), F("name", "text", True), F("category", "choice", True, CATEGORIES),
                 F("aliases", "texts", True), F("summary", "text", True)),
    "excess": (
        F("nutrient", "ref", True, ref="nutrient"), F("summary", "text", True),
        F("sections", "map", True, record="excess_sections"),
        F("no_upper_limit", "map", record="no_upper_limit"), F("links", "list", record="excess_link"),
    ),
    "excess_sections": tuple(F(key, "text", key != "who_is_at_risk") for key in EXCESS_SECTIONS),
    "no_upper_limit": (F("note", "text", True), F("known_instead", "text"), F("sources", "sources", True)),
    "excess_link": (F("symptom", "ref", True, ref="symptom"), F("route", "choice", True, EXCESS_ROUTES),
                    F("dose", "text"), F("frequency", "choice", True, FREQUENCY),
                    F("evidence", "choice", True, LINK_EVIDENCE[:3]), F("mechanism", "text"),
                    F("red_flag", "bool"), F("note", "text"), F("sources", "sources", True)),
    "studied": (F("nutrient", "ref", True, ref="nutrient"), F("records", "list", True, record="studied_record")),
    "studied_record": (F("symptom", "ref", True, ref="symptom"),
                       F("evidence", "choice", True, EVIDENCE[3:]), F("note", "text", True),
                       F("sources", "sources", True)),
    "taking": (F("nutrient", "ref", True, ref="nutrient"), F("benefits", "list", record="benefit"),
               F("side_effects", "list", record="side_effect"), F("interactions", "list", record="interaction")),
    "benefit": (F("outcome", "ref", True, ref="outcome"), F("evidence", "choice", True, EVIDENCE),
                F("population", "text", True), F("dose", "text"), F("duration", "text"),
                F("certainty", "choice", False, CERTAINTY), F("note", "text", True),
                F("sources", "sources", True)),
    "side_effect": (F("symptom", "ref", True, ref="symptom"), F("dose", "text"),
                    F("frequency", "choice", True, FREQUENCY), F("evidence", "choice", True, LINK_EVIDENCE[:3]),
                    F("what_helps", "text"), F("note", "text"), F("sources", "sources", True)),
    "interaction": (F("medicine", "ref", True, ref="medicine"), F("effect", "text", True),
                    F("severity", "choice", True, SEVERITY), F("advice", "text", True),
                    F("sources", "sources", True)),
    "outcome": (F("id", "text", True), F("name", "text", True), F("synonyms", "texts"),
                F("description", "text", True)),
    "medicine": (F("id", "text", True), F("name", "text", True), F("brands", "texts"), F("aliases", "texts"),
                 F("class", "text", True), F("description", "text", True)),
    "reference": (
        F("nutrient", "ref", True, ref="nutrient"), F("unit", "text", True),
        F("intake_values", "list", True, record="intake_value"), F("conversions", "list", record="conversion"),
        F("forms", "list", record="form"), F("clinical_doses", "list", record="clinical_dose"),
        F("lab_tests", "list", record="lab_test"),
    ),
    "intake_value": (F("kind", "choice", True, INTAKE_KINDS), F("body", "text", True), F("group", "text", True),
                     F("value", "number", True), F("unit", "text", True), F("counts", "text"),
                     F("note", "text"), F("sources", "sources", True)),
    "conversion": (F("from", "text", True), F("to", "text", True), F("factor", "number", True),
                   F("form", "text"), F("sources", "sources", True)),
    "form": (F("name", "text", True), F("aliases", "texts"), F("element_fraction", "number"),
             F("dfe_factor", "number"), F("note", "text"), F("sources", "sources")),
    "clinical_dose": (F("dose", "text", True), F("purpose", "text", True), F("duration", "text"),
                      F("note", "text"), F("sources", "sources", True)),
    "lab_test": (F("id", "text", True), F("name", "text", True), F("names", "texts", True),
                 F("unit", "text", True), F("units", "list", True, record="lab_unit"),
                 F("possible", "range", True), F("cutoffs", "list", True, record="cutoff"),
                 F("meaning", "text", True), F("next_tests", "text"), F("sources", "sources", True)),
    "lab_unit": (F("unit", "text", True), F("factor", "number", True), F("typical", "range")),
    "cutoff": (F("body", "text", True), F("group", "text", True), F("bands", "list", True, record="band"),
               F("note", "text"), F("sources", "sources", True)),
    "band": (F("band", "choice", True, BANDS), F("below", "number")),
}


@dataclass(frozen=True)
class Folder:
    """A folder of db/content: the record each file holds, and whether a file is one page (its
    id is its file name) or a side of a nutrient (its `nutrient` is its file name) or a list of works."""

    name: str
    record: str
    shape: str = "page"  # page | side | works


FOLDERS = (
    Folder("bibliography", "work", "works"),
    Folder("deficiencies", "deficiency"),
    Folder("nutrients", "nutrient"),
    Folder("symptoms", "symptom"),
    Folder("outcomes", "outcome"),
    Folder("medicines", "medicine"),
    Folder("excess", "excess", "side"),
    Folder("studied", "studied", "side"),
    Folder("taking", "taking", "side"),
    Folder("reference", "reference", "side"),
)
SIDES = tuple(f.name for f in FOLDERS if f.shape == "side")
