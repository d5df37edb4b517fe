"""The running system: the applications, the views, and how the views are kept current."""

import logging
from collections.abc import Callable

from api.schema_lock import schema_lock
from api.settings import Settings
from domain.accounts.application import Accounts
from domain.application import NishanApplication
from domain.inspections.application import Inspections
from domain.traceability.application import Traceability
from projections.catalogue import PROJECTIONS
from projections.updater import ViewUpdater
from projections.view_store import ViewStore
from projections.worker import ChangeListener

log = logging.getLogger(__name__)


class Nishan:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        database = settings.database
        env = database.persistence_env()
        # SQLite has no separate worker: views catch up in-process, right after each command.
        self.updates_views_inline = database.is_sqlite
        with schema_lock(database):
            self.accounts = Accounts(env)
            self.inspections = Inspections(
                {**env, "CERTIFICATE_VALIDITY_MONTHS": str(settings.certificate_validity_months)},
                accounts=self.accounts,
            )
            self.traceability = Traceability(
                env, accounts=self.accounts, inspections=self.inspections
            )
            self.views = ViewStore(env)
            self.updater = ViewUpdater(
                self.views,
                {app.name: app for app in (self.inspections, self.traceability)},
                PROJECTIONS.values(),
            )
            self.updater.prepare(reset_outdated=self.updates_views_inline)
        if self.updates_views_inline:
            for app in (self.inspections, self.traceability):
                app.on_saved(self._views_follow(app))
            self.updater.catch_up()

    def _views_follow(self, app: NishanApplication) -> Callable[[], None]:
        followers = [p.name for p in self.updater.projections if p.follows == app.name]

        def catch_up() -> None:
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
        channels = [f"{app.name.lower()}_events" for app in (self.inspections, self.traceability)]
        return ChangeListener(None if database.is_sqlite else database.url, channels)

    def lot_url(self, lot_id: object) -> str:
        return f"{self.settings.public_base_url}/lots/{lot_id}"

    def close(self) -> None:
        for app in (self.traceability, self.inspections, self.accounts):
            app.close()
        self.views.close()
