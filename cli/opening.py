"""What every console command starts with: the system opened from the settings (or a sentence
and exit status 2 saying why it cannot be), and the consoles it prints to."""

import sqlite3
from collections.abc import Collection

import psycopg
import typer
from eventsourcing.persistence import PersistenceError
from rich.console import Console

from bootstrap import Nishan, SettingsError, load_settings

DATABASE_UNREACHABLE = (PersistenceError, psycopg.Error, sqlite3.Error, OSError)

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)


def open_nishan(keeps_views: Collection[str] = ()) -> Nishan:
    try:
        settings = load_settings()
    except SettingsError as error:
        errors.print(f"[red]Setting error:[/red] {error}")
        raise typer.Exit(2) from None
    try:
        return Nishan(settings, keeps_views=keeps_views)
    except DATABASE_UNREACHABLE as error:
        errors.print(
            f"[red]Cannot use the database[/red] NISHAN_DATABASE_URL="
            f"{settings.database.safe_url}: {error}"
        )
        raise typer.Exit(2) from None
