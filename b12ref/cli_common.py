"""What every command of the command line shares: JSON output, the library, one-line user errors,
text arguments, tables and the terminal's styling."""

from __future__ import annotations

import functools
import json
import os
import sqlite3
from pathlib import Path
from typing import Any, Callable

import click

JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def library():
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

        kwargs = {key: argument_text(value) for key, value in kwargs.items()}
        try:
            return func(*args, **kwargs)
        except NotFound as exc:
            raise click.ClickException(
                f"no page has the id {str(exc.args[0])!r}; try `b12ref search` or `b12ref list`")
        except (OSError, sqlite3.Error) as exc:
            raise click.ClickException(str(exc))

    return wrapper


def argument_text(value: Any) -> Any:
    """Text arguments (ids, queries, questions, symptoms) as text that can be searched and shown:
    bytes that are not UTF-8 become U+FFFD (see usertext.from_argv). File paths keep their bytes."""
    from b12ref.core.usertext import from_argv

    if isinstance(value, str):
        return from_argv(value)
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return tuple(from_argv(v) for v in value)
    return value


def file_name(path: Path) -> str:
    """A path as it can be printed, whatever bytes its name holds."""
    return click.format_filename(path)


def table(rows: list[list[str]], headers: list[str]) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)] if rows else [len(h) for h in headers]
    widths = [min(w, 60) for w in widths]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths))
    click.echo(line.rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for row in rows:
        cells = [str(c) if len(str(c)) <= w else str(c)[: w - 1] + "…" for c, w in zip(row, widths)]
        click.echo("  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip())


def styled() -> bool:
    """Bold as bold where the terminal shows it; plain text in a pipe or file."""
    stream = click.get_text_stream("stdout")
    return stream.isatty() and os.environ.get("TERM", "") not in ("", "dumb") and "NO_COLOR" not in os.environ


def write_export(target: Path, write: Callable[[], Any]) -> Any:
    """Run write(); an OSError (unwritable folder, full disk) becomes one line naming the target."""
    try:
        return write()
    except OSError as exc:
        raise click.ClickException(f"cannot write {target}: {exc.strerror or exc}")
