"""`b12ref supplements`: the products you take (add, list, remove) and the daily total of each
nutrient across them, judged against the reference values and upper limits. Kept on this computer."""

from __future__ import annotations

import click

from b12ref.core.quantity import format_number
from b12ref import paths
from b12ref.cli_common import JSON_OPTION, echo_json, table, user_errors
from b12ref.cli_common import library as open_cli_library

BAND_TEXT = {"above-limit": "OVER AN UPPER LIMIT", "within": "within", "below": "below the RDA/AI",
             "no-limit-set": "above the RDA/AI, no upper limit set"}


def _store():
    from b12ref.core.userdata import UserData

    store = UserData(paths.user_db_path())
    if store.message:
        click.echo(store.message, err=True)
    return store


@click.group()
def supplements() -> None:
    """The supplements you take, and the daily total of each nutrient against its limits.

    Example: b12ref supplements add "Vitamin D3" "vitamin d 4000 IU"
    """


@supplements.command(name="add")
@click.argument("name")
@click.argument("lines", nargs=-1, required=True, metavar="\"NUTRIENT AMOUNT UNIT\"...")
@click.option("--per-day", default=1.0, show_default=True, type=float,
              help="How many (tablets, capsules, servings) you take a day.")
@user_errors
def add(name: str, lines: tuple[str, ...], per_day: float) -> None:
    """Add a product (or replace the one of that name) with the lines of its label, one argument a line.

    Example: b12ref supplements add "Daily multi" "vitamin d 25 mcg" "zinc 15 mg" --per-day 2
    """
    from b12ref.core.answer import Answerer
    from b12ref.core.supplements import SupplementLineError, check_lines
    from b12ref.core.userdata import UserDataError
    from b12ref.core.userdata_supplements import clean_product

    try:
        name, kept, per_day = clean_product(name, list(lines), per_day)
        read = check_lines(Answerer(open_cli_library()), kept)
    except (UserDataError, SupplementLineError) as exc:
        raise click.ClickException(f"not added: {exc}")
    store = _store()
    try:
        replaced = store.add_supplement(name, kept, per_day)
    except UserDataError as exc:
        raise click.ClickException(f"not added: {exc}")
    finally:
        store.close()
    what = "; ".join(f"{r.nutrient.replace('-', ' ')} {format_number(r.amount)} {r.unit}" for r in read)
    click.echo(f"{'replaced' if replaced else 'added'} {name}: {what}; {per_day:g} a day")


@supplements.command(name="list")
@JSON_OPTION
@user_errors
def list_(as_json: bool) -> None:
    """List your products and the daily total of each nutrient, each judged against the RDA/AI and the
    upper limits (US National Academies and EFSA); totals over a limit are flagged.

    Example: b12ref supplements list --json
    """
    from b12ref.core.answer import Answerer
    from b12ref.core.supplements import summary

    store = _store()
    try:
        products = store.supplements()
    finally:
        store.close()
    result = summary(Answerer(open_cli_library()), products)
    if as_json:
        echo_json(result)
        return
    if not products:
        click.echo("No supplements listed. Add one: b12ref supplements add NAME \"vitamin d 25 mcg\"")
        return
    for p in result["products"]:
        click.echo(f"{p['name']} ({p['per_day']:g} a day): " + "; ".join(
            line["text"] + (f" [cannot read: {line['problem']}]" if line.get("problem") else "")
            for line in p["lines"]))
    click.echo("")
    table([[t["nutrient"]["name"], f"{format_number(t['amount'])} {t['unit']}", BAND_TEXT.get(t["band"], t["band"]),
            "; ".join(f"{v['body']} {format_number(float(v['value']))} {v['unit']}" for v in t["limits"]) or "none set"]
           for t in result["totals"]], ["nutrient", "a day", "judged", "upper limits"])
    if result["over_limit"]:
        click.echo(f"\nOver an upper limit: {', '.join(result['over_limit'])}. Doses above a limit are for "
                   "treatment under a clinician; ask yours or a pharmacist.")
    click.echo("b12ref is a reference, not medical advice.")


@supplements.command(name="remove")
@click.argument("name")
@user_errors
def remove(name: str) -> None:
    """Remove the product of that name (any case).

    Example: b12ref supplements remove "Daily multi"
    """
    from b12ref.core.userdata import UserDataError

    store = _store()
    try:
        removed = store.remove_supplement(name)
    except UserDataError as exc:
        raise click.ClickException(f"not removed: {exc}")
    finally:
        store.close()
    if not removed:
        raise click.ClickException(f"no product is named {name!r}; see `b12ref supplements list`")
    click.echo(f"removed {name}")


COMMANDS = (supplements,)
