"""The running system: the applications, the views, and how the views are kept current.

The one place that builds them from the settings, for every interface: the HTTP API, the
command line and the projection worker import this, never each other.
"""

import logging
import os
import signal
from collections.abc import Callable, Collection
from functools import partial
from typing import Any, TypeVar
from urllib.parse import quote

from eventsourcing.application import Application
from eventsourcing.persistence import Recording

from bootstrap.schema_lock import schema_lock
from bootstrap.settings import Settings
from domain.accounts.application import Accounts
from domain.application import NishanApplication
from domain.inspections.application import Inspections
from domain.traceability.application import Traceability
from projections.catalogue import PROJECTIONS
from projections.updater import ViewUpdater
from projections.view_store import ViewStore
from projections.worker import ChangeListener

log = logging.getLogger(__name__)

T = TypeVar("T", Application, ViewStore)


def open_applications(settings: Settings) -> tuple[Accounts, Inspections, Traceability]:
    """Nishan's three applications, on the settings' database; none is left open if one fails."""
    env = settings.database.persistence_env()
    opened: list[NishanApplication] = []
    try:
        # Every request reads its token's or session's records and its account's: kept in
        # memory, each read then asks the log only for the events after the version held.
        accounts = Accounts(
            {
                **env,
                "AGGREGATE_CACHE_MAXSIZE": "4096",
                "TOKEN_DAYS": str(settings.token_days),
                "SESSION_HOURS": str(settings.session_hours),
                "SESSION_IDLE_MINUTES": str(settings.session_idle_minutes),
            }
        )
        opened.append(accounts)
        validity = {"CERTIFICATE_VALIDITY_MONTHS": str(settings.certificate_validity_months)}
        inspections = Inspections({**env, **validity}, accounts=accounts)
        opened.append(inspections)
        traceability = Traceability(env, accounts=accounts, inspections=inspections)
    except BaseException:
        for app in reversed(opened):
            app.close()
        raise
    return accounts, inspections, traceability


def open_logs(settings: Settings) -> dict[str, Application]:
    """The applications by name, opened anew: for a helper process of a rebuild."""
    return {app.name: app for app in open_applications(settings)}


def _stop_this_process(_: list[Recording[Any]]) -> None:
    """NISHAN_STOP_AFTER_COMMIT: freeze between a command's commit and its answer."""
    os.kill(os.getpid(), signal.SIGSTOP)


class Nishan:
    def __init__(self, settings: Settings, keeps_views: Collection[str] = ()) -> None:
        """`keeps_views` names the views this process keeps current, as the projection worker
        does; it alone resets them when their code has a new version."""
        self.settings = settings
        database = settings.database
        env = database.persistence_env()
        # SQLite has no separate worker: views catch up in-process, right after each command.
        self.updates_views_inline = database.is_sqlite
        if self.updates_views_inline:
            keeps_views = list(PROJECTIONS)
        self._opened: list[Application | ViewStore] = []
        try:
            with schema_lock(database):
                self.accounts, self.inspections, self.traceability = (
                    self._open(app) for app in open_applications(settings)
                )
                self.views = self._open(ViewStore(env))
                self.updater = ViewUpdater(
                    self.views,
                    {app.name: app for app in self._followed()},
                    PROJECTIONS.values(),
                    open_logs=partial(open_logs, settings),
                )
                self.updater.prepare(keeps=keeps_views)
        except BaseException:
            self.close()  # no pool is left open behind a failed start
            raise
        if settings.stop_after_commit:
            for app in (self.accounts, self.inspections, self.traceability):
                app.on_saved(_stop_this_process)
        if self.updates_views_inline:
            for app in self._followed():
                app.on_saved(self._views_follow(app))
                self._views_follow(app)([])  # what was saved while no process kept the views

    def _followed(self) -> tuple[NishanApplication, ...]:
        """The applications whose logs views follow (the accounts view follows Accounts)."""
        return (self.accounts, self.inspections, self.traceability)

    def _views_follow(self, app: NishanApplication) -> Callable[[list[Recording[Any]]], None]:
        followers = [p.name for p in self.updater.projections if p.follows == app.name]

        def catch_up(_: list[Recording[Any]]) -> None:
            if not self.updates_views_inline:
                return
            for view in followers:  # one failing view must not hold the others back
                try:
                    self.updater.catch_up([view])
                except Exception:  # the command is saved; the next catch-up applies it
                    log.exception("view %s could not catch up after a %s command", view, app.name)

        return catch_up

    def change_listener(self) -> ChangeListener:
        database = self.settings.database
        channels = [f"{app.name.lower()}_events" for app in self._followed()]
        return ChangeListener(None if database.is_sqlite else database.url, channels)

    def lot_url(self, lot_id: object) -> str:
        return f"{self.settings.public_base_url}/lots/{lot_id}"

    def digital_link(self, gtin: str, lot_number: str) -> str:
        """The GS1 Digital Link of a lot: its GTIN (AI 01) and lot number (AI 10)."""
        return f"{self.settings.public_base_url}/01/{gtin}/10/{quote(lot_number, safe='')}"

    def carton_url(self, lot_id: object, gtin: str | None, lot_number: str) -> str:
        """What a carton's QR code carries: the Digital Link when the lot has a GTIN and a lot
        number, so that any GS1 resolver understands it; the lot's page otherwise."""
        if gtin and lot_number:
            return self.digital_link(gtin, lot_number)
        return self.lot_url(lot_id)

    def _open(self, opened: T) -> T:
        self._opened.append(opened)
        return opened

    def close(self) -> None:
        for opened in reversed(self._opened):
            opened.close()
        self._opened.clear()
