"""The start page as a Document. Its own module: the window shows it at start, before any answer or
page code is needed (answer_docs and the page records cost ~5 ms and ~1.7 MB to import)."""

from __future__ import annotations

from b12ref.core.notices import NOT_MEDICAL_ADVICE
from b12ref.report.document import Document, Heading, Para, Span, rich

# What to try, on the start page and when nothing matches
SUGGESTIONS = ("twitching", "pins and needles", "tiredness", "hair loss", "vit D", "iron",
               "Can B12 deficiency cause fasciculations?")


def welcome_doc(deficiencies, suggestions) -> Document:
    """The start page: what b12ref is, how to search, and every deficiency page by group (deficiencies
    None: the library is still being prepared, on a first start)."""
    doc = Document("b12ref", "welcome")
    doc.add(Heading("b12ref", 1), Para(rich(
        "An offline reference for nutrient deficiencies, too much of a nutrient, and supplements: every link "
        "between a nutrient and a symptom is graded and cited."), "lead"))
    doc.add(Para(rich("Type in the search box (Ctrl+K) a symptom in your own words, a nutrient, a medicine, a "
                      "blood-test result or a question. Try: ") + [Span(s) for s in
                                                                    " · ".join(suggestions).split("\x00")]))
    if deficiencies is None:
        doc.add(Para(rich("**The library is being prepared for its first use.** Search and the pages "
                          "work in a moment; what you type meanwhile is searched then."), "lead"))
    for title, cat in (("Vitamins", "vitamin"), ("Minerals", "mineral"), ("Other", None)):
        items = [d for d in deficiencies or () if (d.category == cat if cat else d.category not in ("vitamin", "mineral"))]
        if items:
            doc.add(Para([Span(f"{title}: ", bold=True)] + [s for d in items for s in (Span(d.name, link=d.id),
                                                                                      Span(" · "))][:-1]))
    doc.add(Para(rich(NOT_MEDICAL_ADVICE), "muted"))
    return doc
