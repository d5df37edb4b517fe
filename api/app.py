"""The FastAPI application factory."""

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.accounts_changes import AccountsChanges
from api.body_limit import BodyLimit
from api.command_requests import CommandRequests
from api.errors import install_error_handlers
from api.head_requests import HeadAsGet
from api.known_tokens import KnownTokens
from api.openapi_errors import install_error_responses
from api.page_cache import PageCache
from api.quick_reads import QuickReads
from api.read_your_writes import install_read_your_writes, track_written
from api.request_id import RequestId, install_request_id_logging
from api.routers import (
    accounts,
    catalogue,
    corrective_actions,
    digital_link,
    documentation,
    exporters,
    factories,
    grievances,
    health,
    inspections,
    labels,
    lots,
    open_data,
    public,
    referrals,
    shipments,
    sign_in,
    visit_detail,
    vocabularies,
)
from api.security_headers import SecurityHeaders
from api.settled_heap import settle_heap
from bootstrap import Nishan, Settings, load_settings


def create_app(settings: Settings | None = None, nishan: Nishan | None = None) -> FastAPI:
    """Build the app. It serves the Nishan handed in, or opens its own from the settings when
    it starts serving (and closes it when it stops), so that building it costs nothing: its
    routes and OpenAPI document can be read without a database."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        system = nishan or Nishan(settings or load_settings())
        app.state.nishan = system
        # What only the web layer needs of the system: its commands' answers say how far they
        # wrote (read-your-writes), and public answers are kept while the views stand still.
        for application in (system.accounts, system.inspections, system.traceability):
            application.on_saved(track_written(application.name))
        app.state.page_cache = PageCache(
            system.settings.page_cache_entries, system.settings.page_cache_recheck_seconds
        )
        reads = app.state.quick_reads = QuickReads(system.views, system.settings.database)
        database = system.settings.database
        changes = AccountsChanges(
            None if database.is_sqlite else database.url, f"{system.accounts.name.lower()}_events"
        )
        heard_here = system.accounts.on_saved(lambda _: changes.changed())
        changes.start()
        app.state.known_tokens = KnownTokens(reads, database.is_sqlite, changes)
        if nishan is None:  # the process's own app, as served: nothing else will start here
            settle_heap()
        try:
            yield
        finally:
            system.accounts.off_saved(heard_here)
            changes.close()
            reads.close()
            # An app asked again after it stopped (a test's) reads as one never started; a
            # start nested in this one (a test's second client) took its place already.
            if getattr(app.state, "quick_reads", None) is reads:
                del app.state.quick_reads, app.state.known_tokens
            if nishan is None:
                system.close()

    app = FastAPI(
        title="Nishan",
        version="0.1.0",
        description="The labour-compliance record of Pakistan's export lots.",
        lifespan=lifespan,
        docs_url=None,  # served by api/routers/documentation.py, without a CDN
        redoc_url=None,
    )
    if nishan is not None:  # served as it is, even by a client that runs no start-up
        app.state.nishan = nishan
    install_error_handlers(app)
    install_error_responses(app)
    install_read_your_writes(app)
    app.add_middleware(CommandRequests)  # outside read-your-writes: a retry gets its header too
    app.add_middleware(BodyLimit)  # outside command-requests, which reads a command's body
    app.add_middleware(HeadAsGet)  # inside the security headers: a HEAD carries them too
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestId)  # outermost: every answer carries it, every log line too
    install_request_id_logging()
    # Starlette tries the routes in order: what buyers' phones ask for most comes first. No
    # public path shadows another router's (those match other paths or other methods).
    for router in (
        public.router,
        digital_link.router,
        accounts.router,
        catalogue.router,
        corrective_actions.router,
        exporters.router,
        factories.router,
        grievances.router,
        inspections.router,
        visit_detail.router,
        labels.router,
        lots.router,
        open_data.router,
        referrals.router,
        shipments.router,
        sign_in.router,
        vocabularies.router,
        health.router,
        documentation.router,
    ):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.mount(documentation.ASSETS, documentation.swagger_ui_files(), name="swagger-ui")
    return app
