"""Commands that look after the content and the user's data: build-db, check-content, check-db,
userdata export/import and install-desktop."""

from __future__ import annotations

from pathlib import Path

import click

from b12ref import paths
from b12ref.cli_common import file_name, library

@click.command(name="build-db")
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


@click.command(name="check-content")
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


@click.command(name="check-db")
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
        library()  # builds the default database when it is missing or stale
    report = check_database(target, paths.content_dir(), strict=strict)
    for line in report.lines:
        click.echo(line)
    if report.problems:
        for problem in report.problems:
            click.echo(f"problem: {problem}", err=True)
        raise click.ClickException(f"{len(report.problems)} problem(s)")


@click.group()
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
        raise click.ClickException(f"nothing exported to {file_name(file)}: {store.message}")
    if store.message:
        click.echo(store.message, err=True)
    try:
        write_export(store, file)
    except (OSError, UserDataError) as exc:
        raise click.ClickException(
            f"cannot export to {file_name(file)}: {getattr(exc, 'strerror', None) or exc}")
    finally:
        store.close()
    click.echo(f"exported to {file_name(file)}")


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
            f"nothing imported from {file_name(file)}: {getattr(exc, 'strerror', None) or exc}")
    finally:
        store.close()
    click.echo(f"imported {counts['bookmarks']} bookmarks, {counts['notes']} notes, {counts['history']} visits, "
               f"{counts.get('supplements', 0)} supplements")


@click.command(name="install-desktop")
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


COMMANDS = (build_db, check_content, check_db, userdata, install_desktop)
