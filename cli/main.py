"""The `nishan` command: serve the API, load the demo, open the first admin, run the views."""

import atexit
import logging
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from cli.accounts import accounts_app, console_session
from cli.opening import console, errors
from cli.opening import open_nishan as _open_nishan
from cli.shown import CODE_HOURS, code_line, show_sign_in_code, show_token
from cli.sign_in_codes import issue_sign_in_code_command  # noqa: F401  (`accounts code`)
from domain.accounts.account import CONSOLE
from domain.actor import Role
from domain.clock import today_in_pakistan
from domain.damaged_record import RecordDamaged
from projections.catalogue import PROJECTIONS
from projections.shipment_lots import find_shipment_of
from projections.worker import run_worker

STORE_DAMAGED = 3  # the exit status when a record in a log cannot be read

app = typer.Typer(
    help="Nishan: the labour-compliance record of Pakistan's export lots.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
projections_app = typer.Typer(
    help="The read models (views) and their worker.", no_args_is_help=True
)
app.add_typer(accounts_app, name="accounts")
app.add_typer(projections_app, name="projections")


def _served_at(host: str, port: int) -> None:
    """Without NISHAN_PUBLIC_BASE_URL, QR codes and links name the address being served, so
    that `--port 8765` prints and encodes links to port 8765."""
    if "NISHAN_PUBLIC_BASE_URL" not in os.environ:
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        os.environ["NISHAN_PUBLIC_BASE_URL"] = f"http://{shown}:{port}"


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
) -> None:
    """Serve the API and the public lot pages."""
    import uvicorn  # the web layer, loaded only by the command that serves it

    from api.server_logging import log_config

    _served_at(host, port)
    _open_nishan().close()  # check the settings and the database before uvicorn starts
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        log_config=log_config(),
    )


@app.command()
def demo(
    serve_after: Annotated[bool, typer.Option("--serve", help="Serve Nishan afterwards.")] = False,
    port: Annotated[int, typer.Option(help="The port to serve on, with --serve.")] = 8000,
) -> None:
    """Load a small, realistic data set and print the pages of its lots."""
    from cli.demo import load_demo

    if serve_after:
        _served_at("127.0.0.1", port)
    nishan = _open_nishan()
    try:
        result = load_demo(nishan, today_in_pakistan())
        if not nishan.updates_views_inline:
            nishan.updater.catch_up()
        if result.loaded:
            console.print("[green]Demo data loaded.[/green] Tokens (shown once):")
            for label, token in result.tokens.items():
                console.print(f"  {label:22} {token}")
            console.print(
                f"Sign-in codes (shown once; each works once, for {CODE_HOURS} hours, at /sign-in):"
            )
            for sign_in_name, code in result.codes.items():
                console.print(code_line(sign_in_name, code), highlight=False)
        else:
            console.print("Demo data was already loaded; tokens were shown the first time.")
        base = nishan.settings.public_base_url
        shipment = find_shipment_of(nishan.views, str(result.lots["shipped shirts (cotton chain)"]))
        console.print("\nStart here:")
        console.print(f"  a verified lot             {nishan.lot_url(result.lots['verified'])}")
        console.print(f"  a lot under review         {nishan.lot_url(result.lots['under review'])}")
        console.print(f"  a shipment's label sheet   {base}/shipments/{shipment}/labels")
        shirts = nishan.lot_url(result.lots["shipped shirts (cotton chain)"])
        console.print(f"  the shirts' page in Urdu   {shirts}?lang=ur  (also de, fr, en)")
        console.print("\nEvery lot page (its QR code at /lots/<id>/qr.png or .svg, its label at "
                      "/lots/<id>/label):")  # fmt: skip
        for description, lot_id in result.lots.items():
            console.print(f"  {description:26} {nishan.lot_url(lot_id)}")
        keeps_views_apart = not nishan.updates_views_inline
    finally:
        nishan.close()
    if serve_after:
        if keeps_views_apart:  # PostgreSQL: a try-out has no `nishan projections run` beside it
            console.print("Keeping the views current too, as `nishan projections run` would.")
            _keep_views_in_background()
        serve(host="127.0.0.1", port=port, workers=1)


def _keep_views_in_background() -> None:
    """The projection worker on a thread of this process, for as long as it runs."""
    nishan = _open_nishan(keeps_views=list(PROJECTIONS))
    stop = threading.Event()
    worker = threading.Thread(
        target=run_worker,
        args=(nishan.updater, None, nishan.change_listener(), stop),
        name="projections",
        daemon=True,
    )
    worker.start()
    atexit.register(lambda: (stop.set(), worker.join(timeout=5), nishan.close()))


@accounts_app.command("create-admin")
def create_admin(
    name: Annotated[str, typer.Option(help="The administrator's name.")],
    organisation: Annotated[str, typer.Option(help="Their organisation.")] = (
        "National Compliance Center"
    ),
) -> None:
    """Open an administrator account from the server's console and print its sign-in code and
    its token once."""
    with console_session() as nishan:
        opened = nishan.accounts.open_account(name, Role.ADMIN, organisation, by=CONSOLE)
    console.print(f"Administrator account {opened.account_id} opened.", highlight=False)
    show_sign_in_code(opened.sign_in_name, opened.sign_in_code, opened.code_expires_at)
    show_token(opened.token, opened.expires_at)


@projections_app.command("run")
def run_projections(
    names: Annotated[
        list[str] | None, typer.Argument(help="Views to keep; all by default.")
    ] = None,
) -> None:
    """Keep the views current as new events are committed, until stopped."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    _check_names(names)
    following = names or list(PROJECTIONS)
    nishan = _open_nishan(keeps_views=following)  # the worker resets its views when outdated
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    console.print(f"Following the logs for: {', '.join(following)}")
    try:
        with _stopped_by_damage():
            run_worker(nishan.updater, names, nishan.change_listener(), stop)
    finally:
        nishan.close()


@projections_app.command("status")
def projections_status(
    max_lag: Annotated[
        int | None,
        typer.Option(help="Exit with status 1 when a view lags more events than this."),
    ] = None,
) -> None:
    """Show each view's position, the head of its log, and the lag."""
    nishan = _open_nishan()
    try:
        positions = nishan.updater.positions()
    finally:
        nishan.close()
    table = Table("view", "log", "position", "head", "lag")
    for p in positions:
        table.add_row(p.projection, p.application, str(p.position), str(p.head), str(p.lag))
    console.print(table)
    behind = [p.projection for p in positions if max_lag is not None and p.lag > max_lag]
    if behind:
        errors.print(f"[red]Behind by more than {max_lag} events:[/red] {', '.join(behind)}")
        raise typer.Exit(1)


@projections_app.command("rebuild")
def rebuild(
    names: Annotated[
        list[str] | None, typer.Argument(help="The views to rebuild.", show_default=False)
    ] = None,
    every_view: Annotated[bool, typer.Option("--all", help="Rebuild every view.")] = False,
) -> None:
    """Build views again from the whole log, with a progress bar, and swap them in at once.

    Readers keep the old view until the new one is complete. Views rebuilt together read each
    log once."""
    if not names and not every_view:
        errors.print("[red]Name the views to rebuild, or pass --all.[/red]")
        errors.print(f"The views are: {', '.join(PROJECTIONS)}.")
        raise typer.Exit(2)
    chosen = list(PROJECTIONS) if every_view else list(names or [])
    _check_names(chosen)
    nishan = _open_nishan()
    try:
        heads = {p.application: p.head for p in nishan.updater.positions()}
        logs = {name: PROJECTIONS[name].follows for name in chosen}
        with (
            Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console
            ) as progress,
            _stopped_by_damage(),
        ):
            tasks = {
                log: progress.add_task(f"reading the {log} log", total=heads[log])
                for log in sorted(set(logs.values()))
            }
            applied = nishan.updater.rebuild(
                *chosen,
                progress=lambda name, reached: progress.update(
                    tasks[logs[name]], completed=min(reached, heads[logs[name]])
                ),
            )
        console.print(f"Rebuilt {', '.join(chosen)}: {applied} events applied.")
    finally:
        nishan.close()


@contextmanager
def _stopped_by_damage() -> Iterator[None]:
    """A damaged record stops the command with STORE_DAMAGED, naming where the damage is: the
    views are left as they were, and nothing is applied past it."""
    try:
        yield
    except RecordDamaged as damage:
        errors.print(f"[red]{escape(str(damage))}[/red]")
        errors.print(
            "Nothing past it was applied. Restore the log from a backup, then run this again."
        )
        raise typer.Exit(STORE_DAMAGED) from None


def _check_names(names: list[str] | None) -> None:
    unknown = [n for n in names or [] if n not in PROJECTIONS]
    if unknown:
        errors.print(
            f"[red]No view is called {', '.join(unknown)}.[/red] "
            f"The views are: {', '.join(PROJECTIONS)}."
        )
        raise typer.Exit(2)


def main() -> None:
    app()
