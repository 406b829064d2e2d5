"""Show any target in the window's main view: a nutrient in three panes, any other page or the answer to
a question in one, scrolled to the part a link or a question names."""

from __future__ import annotations

from b12ref.core.library import NotFound
from b12ref.report.html_writer import screen_html
from b12ref.report.library_docs import answer_document, nutrient_panes, page_document

ANSWER_PREFIX = "ask:"
# Parts of a nutrient page that live in the treatment pane rather than the article pane.
TREATMENT_ANCHORS = {"treatment", "tests", "food_sources"}
# Parts that are a side of the nutrient, each in its own tab.
SIDE_ANCHORS = {"too_much": "too_much", "upper_limits": "too_much", "harms": "too_much", "taking": "taking",
                "benefits": "taking", "side_effects": "taking", "interactions": "taking"}


def show_target(window, target: str) -> tuple[str, str] | None:
    """Show target; (page id, title) or None when nothing has that id."""
    if target.startswith(ANSWER_PREFIX):
        return _show_answer(window, target[len(ANSWER_PREFIX):])
    page_id, _, anchor = target.partition("#")
    library = window.library
    kind = library.kind_of(page_id)
    if kind is None:
        return None
    try:
        if kind == "deficiency":
            page, docs = nutrient_panes(library, page_id)
            article, too_much, taking = docs["article"], docs["too_much"], docs["taking"]
            view = window.deficiency_view
            view.show_page(page, screen_html(article), screen_html(docs["treatments"]),
                           screen_html(too_much) if too_much.blocks else "",
                           screen_html(taking) if taking.blocks else "", library.sources())
            window.page_stack.setCurrentWidget(view)
            side = SIDE_ANCHORS.get(anchor, "")
            pane = view.show_side(side)
            _scroll(view.treatment if anchor in TREATMENT_ANCHORS else pane, "" if side == anchor else anchor)
            if anchor == "symptoms":
                view.table.setFocus()
            return page_id, article.title
        doc = page_document(library, page_id)
    except NotFound:
        return None
    window.document_view.show_html(screen_html(doc))
    window.page_stack.setCurrentWidget(window.document_view)
    _scroll(window.document_view.browser, anchor)
    return page_id, doc.title


def answer_target(window, question: str) -> str:
    """Where a question opens: its answer page ("ask:" and the question), or for a question that asks
    for a part of a page ("foods high in zinc") that page at that part."""
    question = " ".join(question.split())
    if not question:
        return ""
    answer = window.search.answer if window.search.answer_text.strip() == question else None
    if answer is not None and answer.kind == "page" and answer.page:
        section = answer.page.get("section") or ""
        return f"{answer.page['id']}#{section}" if section else answer.page["id"]
    return ANSWER_PREFIX + question


def _show_answer(window, question: str) -> tuple[str, str] | None:
    question = " ".join(question.split())
    if not question:
        return None
    answer = window.search.answerer.ask(question)
    doc = answer_document(window.library, answer)
    window.document_view.show_html(screen_html(doc))
    window.page_stack.setCurrentWidget(window.document_view)
    window.document_view.browser.verticalScrollBar().setValue(0)
    return ANSWER_PREFIX + question, doc.title


def _scroll(browser, anchor: str) -> None:
    if anchor:
        browser.scrollToAnchor(anchor)
    else:
        browser.verticalScrollBar().setValue(0)
