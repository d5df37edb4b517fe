"""A served app settles its heap at start-up: every language's templates compiled, everything
made so far frozen out of the garbage collector's full collections (api/settled_heap.py)."""

import gc

from fastapi.testclient import TestClient

from api.app import create_app
from api.i18n.catalogs import LOCALE_OF
from api.i18n.templates import templates_in


def test_an_app_that_opens_its_own_system_freezes_what_start_up_made(settings):
    gc.unfreeze()
    try:
        with TestClient(create_app(settings)) as client:
            frozen = gc.get_freeze_count()
            assert client.get("/healthz").status_code == 200
        assert frozen > 10_000  # the system, catalogs and templates: not a handful of objects
        for code in LOCALE_OF:
            assert templates_in(code).env.cache is not None
            compiled = {key[1] for key in templates_in(code).env.cache}
            assert {"lot.html", "base.html", "home.html"} <= compiled
    finally:
        gc.unfreeze()  # the rest of the suite's objects are collected as usual


def test_an_app_handed_a_system_leaves_the_heap_alone(nishan):
    gc.unfreeze()
    with TestClient(create_app(nishan=nishan)) as client:
        assert client.get("/healthz").status_code == 200
        assert gc.get_freeze_count() == 0
