"""The command line: thin click commands over b12ref.core (and the window, with `gui`)."""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any, Callable

import click

from b12ref import __version__, paths
from b12ref.core.library import NotFound

JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _library():
    from b12ref.core.library import BuildError, DatabaseDamaged, open_library

    try:
        return open_library(progress=lambda msg: click.echo(msg, err=True))
    except BuildError as exc:
        raise click.ClickException(
            f"the content has {len(exc.problems)} problem(s); run `b12ref check-content` to list them")
    except (DatabaseDamaged, sqlite3.Error, OSError) as exc:
        raise click.ClickException(f"cannot open the content database: {exc}")


def user_errors(func: Callable) -> Callable:
    """Turn expected failures (unknown id, unreadable file) into one-line errors."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from b12ref.core.library import NotFound

        kwargs = {key: _argument_text(value) for key, value in kwargs.items()}
        try:
            return func(*args, **kwargs)
        except NotFound as exc:
            raise click.ClickException(
                f"no page has the id {str(exc.args[0])!r}; try `b12ref search` or `b12ref list`")
        except (OSError, sqlite3.Error) as exc:
            raise click.ClickException(str(exc))

    return wrapper


def _argument_text(value: Any) -> Any:
    """Text arguments (ids, queries, questions, symptoms) as text that can be searched and shown:
    bytes that are not UTF-8 become U+FFFD (see usertext.from_argv). File paths keep their bytes."""
    from b12ref.core.usertext import from_argv

    if isinstance(value, str):
        return from_argv(value)
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return tuple(from_argv(v) for v in value)
    return value


def _file_name(path: Path) -> str:
    """A path as it can be printed, whatever bytes its name holds."""
    return click.format_filename(path)


def _table(rows: list[list[str]], headers: list[str]) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)] if rows else [len(h) for h in headers]
    widths = [min(w, 60) for w in widths]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths))
    click.echo(line.rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for row in rows:
        cells = [str(c) if len(str(c)) <= w else str(c)[: w - 1] + "…" for c, w in zip(row, widths)]
        click.echo("  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip())


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
    items = _library().deficiencies()
    if as_json:
        _echo_json([{k: v for k, v in d.to_dict().items() if k != "summary"} for d in items])
        return
    _table([[d.id, d.name, d.category, ", ".join(d.aliases[:4])] for d in items],
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

    library = _library()
    page_id = page_id.strip().lower()
    doc = page_document(library, page_id)
    if as_json:
        _echo_json(_page_json(library, page_id, doc))
        return
    click.echo(terminal_text(doc, styled=_styled()), nl=False)


def _styled() -> bool:
    """Bold as bold where the terminal shows it; plain text in a pipe or file."""
    stream = click.get_text_stream("stdout")
    return stream.isatty() and os.environ.get("TERM", "") not in ("", "dumb") and "NO_COLOR" not in os.environ


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
    result = Searcher(_library()).search(query, type_=type_, limit=limit, prefix=False)
    if as_json:
        _echo_json(result.to_dict())
        return
    if result.corrected:
        click.echo(f"Showing results for “{result.corrected}” (no match for “{query}”)")
    if not result.hits:
        click.echo("No results. Try fewer words, a lay word (\"tingling\") or a nutrient name.")
        return
    _table([[h.type, h.id, h.name, h.why or h.snippet] for h in result.hits],
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

    library = _library()
    answer = Answerer(library).ask(question)
    if as_json:
        _echo_json(answer.to_dict())
        return
    click.echo(terminal_text(answer_document(library, answer), styled=_styled()), nl=False)


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
    result = SymptomChecker(_library()).fit(list(symptoms))
    if as_json:
        _echo_json(result.to_dict())
        return
    for line in result.seek_care:
        click.echo(f"SEEK CARE: {line}")
    if result.unrecognised:
        click.echo(f"Not recognised: {', '.join(result.unrecognised)}")
    _table([[f"{c.score:.2f}", c.name, ", ".join(m["symptom"] for m in c.matched)]
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
    library = _library()
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
        _write_export(html_path, lambda: summary.export_html(printout, html_path))
        click.echo(f"wrote {html_path}")
    if pdf_path is not None:
        from b12ref.report.pdf import export_pdf

        pages = _write_export(pdf_path, lambda: export_pdf(printout, pdf_path, paper.lower() if paper else None))
        click.echo(f"wrote {pdf_path} ({pages} page{'s' if pages != 1 else ''})")


def _write_export(target: Path, write: Callable[[], Any]) -> Any:
    """Run write(); an OSError (unwritable folder, full disk) becomes one line naming the target."""
    try:
        return write()
    except OSError as exc:
        raise click.ClickException(f"cannot write {target}: {exc.strerror or exc}")


@cli.command(name="build-db")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the database (default: the app's cache).")
def build_db(out: Path | None) -> None:
    """Validate the content sources and build the content database.

    Nothing is written unless every file is valid; an existing database is replaced
    only when the new one is complete.

    Example: b12ref build-db --out /tmp/b12ref.sqlite
    """
    from b12ref.core.build import BuildError, build

    target = out or paths.content_db_path()
    try:
        build(paths.content_dir(), target)
    except BuildError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"{len(exc.problems)} problem(s) in the content; nothing was written")
    except OSError as exc:
        raise click.ClickException(f"cannot write {target}: {exc.strerror or exc}")
    click.echo(f"built {target}")


@cli.command(name="check-content")
@click.option("--strict", is_flag=True, help="Also check coverage and completeness.")
def check_content(strict: bool) -> None:
    """Validate the content sources, printing one line per problem.

    Example: b12ref check-content --strict
    """
    from b12ref.core.content import load_content
    from b12ref.core.validate import unverified, validate

    content = load_content(paths.content_dir())
    problems = validate(content, strict=strict)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s)")
    if strict:
        gaps = unverified(content)
        for gap in gaps:
            click.echo(f"unverified: {gap}")
        if gaps:
            click.echo(f"{len(gaps)} detail(s) could not be verified offline (listed above, not guessed)")
    click.echo("content is valid")


@cli.command(name="check-db")
@click.option("--strict", is_flag=True, help="Also check the content rules: coverage, citations, HPO ids.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The database to check (default: the app's).")
def check_db(strict: bool, db_path: Path | None) -> None:
    """Check that the content database is intact and current, and (strict) its content rules.

    Example: b12ref check-db --strict
    """
    from b12ref.core.check import check_database

    target = db_path or paths.content_db_path()
    if db_path is None:
        _library()  # builds the default database when it is missing or stale
    report = check_database(target, paths.content_dir(), strict=strict)
    for line in report.lines:
        click.echo(line)
    if report.problems:
        for problem in report.problems:
            click.echo(f"problem: {problem}", err=True)
        raise click.ClickException(f"{len(report.problems)} problem(s)")


@cli.group()
def userdata() -> None:
    """Export or import your bookmarks, notes and history as JSON.

    Example: b12ref userdata export my-data.json
    """


@userdata.command(name="export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def userdata_export(file: Path) -> None:
    """Write your bookmarks, notes and history to FILE (JSON).

    When your data file is damaged it is moved aside (never deleted), nothing is written and
    the command fails, saying where the damaged file went.

    Example: b12ref userdata export my-data.json
    """
    from b12ref.core.userdata import UserData, UserDataError
    from b12ref.core.userdata_files import write_export

    store = UserData(paths.user_db_path())
    if store.damaged_aside is not None or store.unreadable:
        raise click.ClickException(f"nothing exported to {_file_name(file)}: {store.message}")
    if store.message:
        click.echo(store.message, err=True)
    try:
        write_export(store, file)
    except (OSError, UserDataError) as exc:
        raise click.ClickException(
            f"cannot export to {_file_name(file)}: {getattr(exc, 'strerror', None) or exc}")
    finally:
        store.close()
    click.echo(f"exported to {_file_name(file)}")


@userdata.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def userdata_import(file: Path) -> None:
    """Add the bookmarks, notes and history in FILE; all of it or, on any problem, none.

    A file that is not a b12ref export (too large, too deeply nested, not a regular file, text
    that cannot be stored) is refused with the reason, and your data stays as it was.

    Example: b12ref userdata import my-data.json
    """
    from b12ref.core.userdata import UserData, UserDataError
    from b12ref.core.userdata_files import read_import

    store = UserData(paths.user_db_path())
    if store.message and not store.read_only:
        click.echo(store.message, err=True)
    try:
        counts = read_import(store, file)
    except (OSError, UserDataError) as exc:
        raise click.ClickException(
            f"nothing imported from {_file_name(file)}: {getattr(exc, 'strerror', None) or exc}")
    finally:
        store.close()
    click.echo(f"imported {counts['bookmarks']} bookmarks, {counts['notes']} notes, {counts['history']} visits")


@cli.command(name="install-desktop")
@click.option("--uninstall", is_flag=True, help="Remove what install-desktop put there.")
def install_desktop(uninstall: bool) -> None:
    """Add b12ref to your desktop's application menu: launcher, icons and AppStream metainfo,
    under ~/.local/share (or $XDG_DATA_HOME). Nothing outside your home folder is touched.

    Example: b12ref install-desktop
    """
    from b12ref import desktop_install

    done = desktop_install.uninstall() if uninstall else desktop_install.install()
    for path in done.files:
        click.echo(f"{'removed' if uninstall else 'wrote'} {path}")
    for note in done.notes:
        click.echo(note, err=True)


@cli.command()
def gui() -> None:
    """Open the window.

    Example: b12ref gui
    """
    from b12ref.ui.app import run

    sys.exit(run([]))


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
