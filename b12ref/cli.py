"""The command line: thin click commands over b12ref.core (and the window, with `gui`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from b12ref import __version__
from b12ref.cli_common import JSON_OPTION, echo_json, styled, table, user_errors, write_export
from b12ref.cli_common import library as open_cli_library
from b12ref.cli_maintenance import COMMANDS
from b12ref.cli_supplements import COMMANDS as SUPPLEMENT_COMMANDS
from b12ref.core.library import NotFound

@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="b12ref")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """b12ref: an offline reference for nutrient deficiencies and their symptoms.

    With no command, opens the window.

    Example: b12ref ask "Can B12 deficiency cause fasciculations?"
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(gui)


@cli.command(name="list")
@JSON_OPTION
@user_errors
def list_(as_json: bool) -> None:
    """List the deficiencies: id, name, category, aliases.

    Example: b12ref list --json
    """
    items = open_cli_library().deficiencies()
    if as_json:
        echo_json([{k: v for k, v in d.to_dict().items() if k != "summary"} for d in items])
        return
    table([[d.id, d.name, d.category, ", ".join(d.aliases[:4])] for d in items],
           ["id", "name", "category", "aliases"])


@cli.command()
@click.argument("page_id")
@JSON_OPTION
@user_errors
def show(page_id: str, as_json: bool) -> None:
    """Show a whole page by its id: a nutrient (every part: article, symptoms, treatment, too much,
    taking it), a symptom, a supplement or a medicine.

    Example: b12ref show vitamin-b12 --json
    """
    from b12ref.report.library_docs import page_document
    from b12ref.report.text_writer import terminal_text

    library = open_cli_library()
    page_id = page_id.strip().lower()
    doc = page_document(library, page_id)
    if as_json:
        echo_json(_page_json(library, page_id, doc))
        return
    click.echo(terminal_text(doc, styled=styled()), nl=False)


def _page_json(library, page_id: str, doc) -> dict:
    kind = library.kind_of(page_id)
    if kind in ("deficiency", "symptom"):
        data = library.page(page_id).to_dict()
    else:
        data = {"id": page_id, "type": kind, "title": doc.title}
    data["title"] = doc.title
    if kind in ("deficiency", "nutrient"):
        sides = library.sides.sides(page_id)
        data["too_much"] = {"summary": sides.excess.get("summary"), "no_upper_limit": sides.excess.get("no_upper_limit"),
                            "upper_limits": [v for v in sides.reference.get("intake_values") or []
                                             if v.get("kind") == "UL"],
                            "harms": [r.to_dict() for r in sides.excess_links]}
        data["studied"] = [r.to_dict() for r in sides.studied]
        data["taking"] = {"benefits": [r.to_dict() for r in sides.benefits],
                          "side_effects": [r.to_dict() for r in sides.side_effects],
                          "interactions": [i.to_dict() for i in sides.interactions]}
    data["sources"] = [w.to_dict() for w in doc.cited()]  # numbered in order of first citation
    return data


@cli.command()
@click.argument("query")
@click.option("--type", "type_", type=click.Choice(["deficiency", "symptom", "treatment"]),
              help="Only hits of this type.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 500),
              help="How many hits at most.")
@JSON_OPTION
@user_errors
def search(query: str, type_: str | None, limit: int, as_json: bool) -> None:
    """Search pages by name, lay word, abbreviation or text; typos are corrected.

    Scopes: symptom:, nutrient:, treatment: before the words.

    Example: b12ref search "pins and needles" --type deficiency --limit 3
    """
    from b12ref.core.search import Searcher

    if not query.strip():
        raise click.ClickException("the query is empty; type what to search for")
    result = Searcher(open_cli_library()).search(query, type_=type_, limit=limit, prefix=False)
    if as_json:
        echo_json(result.to_dict())
        return
    if result.corrected:
        click.echo(f"Showing results for “{result.corrected}” (no match for “{query}”)")
    if not result.hits:
        click.echo("No results. Try fewer words, a lay word (\"tingling\") or a nutrient name.")
        return
    table([[h.type, h.id, h.name, h.why or h.snippet] for h in result.hits],
           ["type", "id", "name", "why"])


@cli.command()
@click.argument("question")
@JSON_OPTION
@user_errors
def ask(question: str, as_json: bool) -> None:
    """Answer a question from the records that hold the answer: too little, too much, taking it (benefits,
    side effects, medicines), a blood-test result, an intake, or the part of a page that answers it.

    Example: b12ref ask "Can B12 deficiency cause fasciculations?" --json

    Example: b12ref ask "my ferritin is 12, is that low?"
    """
    from b12ref.core.answer import Answerer

    if not question.strip():
        raise click.ClickException("the question is empty")
    from b12ref.report.library_docs import answer_document
    from b12ref.report.text_writer import terminal_text

    library = open_cli_library()
    answer = Answerer(library).ask(question)
    if as_json:
        echo_json(answer.to_dict())
        return
    click.echo(terminal_text(answer_document(library, answer), styled=styled()), nl=False)


@cli.command()
@click.argument("symptoms", nargs=-1, required=True)
@JSON_OPTION
@user_errors
def which(symptoms: tuple[str, ...], as_json: bool) -> None:
    """Which deficiencies fit these symptoms? Ranked with the reasons (not a diagnosis).

    Example: b12ref which tingling fatigue "sore tongue"
    """
    from b12ref.core.checker import MAX_SYMPTOMS, SymptomChecker

    if len(symptoms) > MAX_SYMPTOMS:
        raise click.ClickException(f"give at most {MAX_SYMPTOMS} symptoms")
    if not any(s.strip() for s in symptoms):
        raise click.ClickException("name at least one symptom, e.g. b12ref which tingling fatigue")
    result = SymptomChecker(open_cli_library()).fit(list(symptoms))
    if as_json:
        echo_json(result.to_dict())
        return
    for line in result.seek_care:
        click.echo(f"SEEK CARE: {line}")
    if result.unrecognised:
        click.echo(f"Not recognised: {', '.join(result.unrecognised)}")
    table([[f"{c.score:.2f}", c.name, ", ".join(m["symptom"] for m in c.matched)]
            for c in result.candidates[:12]], ["score", "deficiency", "matched symptoms"])
    click.echo(result.disclaimer)


@cli.command()
@click.argument("targets", nargs=-1, required=True, metavar="ID | SYMPTOM...")
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False, path_type=Path), help="Write a PDF here.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a self-contained HTML file here.")
@click.option("--which", "as_which", is_flag=True,
              help="The arguments are symptoms: export the \"which deficiencies fit\" handout.")
@click.option("--ask", "as_ask", is_flag=True, help="The arguments are a question: export its answer card.")
@click.option("--sections", default="symptoms,treatments,sources", show_default=True,
              help="The parts of a deficiency page to include, comma-separated (also: article).")
@click.option("--full", is_flag=True, help="Full detail: mechanisms, notes, monitoring, food sources.")
@click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False),
              help="Paper size for --pdf (default: Letter in the US and Canada, A4 elsewhere).")
@user_errors
def export(targets: tuple[str, ...], pdf_path: Path | None, html_path: Path | None, as_which: bool,
           as_ask: bool, sections: str, full: bool, paper: str | None) -> None:
    """Export a page, the answer to a question, or the "which deficiencies fit" handout, as a dated,
    cited PDF or HTML file.

    Example: b12ref export vitamin-b12 --pdf b12.pdf

    Example: b12ref export vitamin-b12 --pdf b12-full.pdf --sections article,symptoms,treatments,sources --full

    Example: b12ref export --which tingling fatigue "sore tongue" --pdf for-my-doctor.pdf

    Example: b12ref export --ask "Can B12 deficiency cause fasciculations?" --pdf answer.pdf
    """
    from b12ref.report import summary

    if pdf_path is None and html_path is None:
        raise click.ClickException("say where to write: --pdf FILE or --html FILE (or both)")
    for target in (pdf_path, html_path):
        if target is not None and not target.resolve().parent.is_dir():
            raise click.ClickException(f"cannot write {target}: the folder {target.resolve().parent} does not exist")
    try:
        chosen = summary.parse_sections(sections)
    except ValueError as exc:
        raise click.ClickException(str(exc))
    if as_which and as_ask:
        raise click.ClickException("choose one of --which and --ask")
    library = open_cli_library()
    if as_ask:
        from b12ref.core.answer import Answerer

        answer = Answerer(library).ask(" ".join(targets))
        if answer.verdict == "unknown" and answer.nutrient is None and answer.symptom is None:
            raise click.ClickException("the question names no nutrient or symptom in this reference")
        printout = summary.answer_summary(library, answer)
    elif as_which:
        from b12ref.core.checker import MAX_SYMPTOMS, SymptomChecker

        if len(targets) > MAX_SYMPTOMS:
            raise click.ClickException(f"give at most {MAX_SYMPTOMS} symptoms")
        result = SymptomChecker(library).fit(list(targets))
        if not result.symptoms:
            raise click.ClickException(f"none of these symptoms is recognised: {', '.join(targets)}")
        printout = summary.which_summary(library, result)
    else:
        if len(targets) != 1:
            raise click.ClickException("give one page id (or --which before a list of symptoms)")
        page_id = targets[0].strip().lower()
        if library.kind_of(page_id) is None:
            raise NotFound(page_id)
        printout = summary.page_summary(library, page_id, chosen, full=full)
    if html_path is not None:
        write_export(html_path, lambda: summary.export_html(printout, html_path))
        click.echo(f"wrote {html_path}")
    if pdf_path is not None:
        if not any(os.environ.get(k) for k in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a PDF needs text layout, never a window
        from b12ref.report.pdf import export_pdf

        pages = write_export(pdf_path, lambda: export_pdf(printout, pdf_path, paper.lower() if paper else None))
        click.echo(f"wrote {pdf_path} ({pages} page{'s' if pages != 1 else ''})")


@cli.command()
def gui() -> None:
    """Open the window.

    Example: b12ref gui
    """
    from b12ref.ui.app import run

    sys.exit(run([]))


for _command in COMMANDS + SUPPLEMENT_COMMANDS:
    cli.add_command(_command)


def main() -> None:
    """Entry point: never shows a traceback for anything a user can do."""
    try:
        cli.main(prog_name="b12ref", standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug, not the user's fault: one line, and the details on request
        if os.environ.get("B12REF_DEBUG"):
            raise
        click.echo(f"Error: b12ref failed unexpectedly ({type(exc).__name__}: {exc}). "
                   "Set B12REF_DEBUG=1 to see the details, and please report it.", err=True)
        sys.exit(2)
