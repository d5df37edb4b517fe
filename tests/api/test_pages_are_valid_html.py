"""Every public page is valid HTML, as the Nu HTML checker (vnu) reads it: the lot page in each
language, the label, the home page and its look-up, the choice between two lots, and the pages
that say nothing was found. One checker run for all of them: the JVM starts once."""

import json
import subprocess

import pytest

from tests.api.scenario import LOT, Scenario, bearer, expect
from tests.tools.npm_tools import vnu_jar

BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


@pytest.fixture(scope="module")
def checker():
    return vnu_jar()


def test_the_public_pages_have_no_html_errors(client, nishan, checker, tmp_path):
    scenario = Scenario.start(client, nishan)
    factory_id = scenario.register_factory(name="Sialkot Tannery Works (Pvt) Ltd")
    visit = scenario.schedule_visit(factory_id)
    finding = expect(scenario.record_finding(visit, indicator="WT-02"), 201)
    scenario.plan_action(visit, finding["finding_id"])
    scenario.complete(visit)
    lot_id = scenario.create_lot(gtin="08961234567894", lot_number="STW-2611")
    expect(scenario.attach(lot_id, factory_id, "stitching"), 201)
    scenario.create_shipment(lot_id)
    # A rival exporter's lot with the same codes: the Digital Link asks which one.
    rival = {**LOT, "gtin": "08961234567894", "lot_number": "STW-2611"}
    expect(client.post("/lots", headers=bearer(scenario.rival_exporter), json=rival), 201)
    pages = {f"lot-{code}": f"/lots/{lot_id}?lang={code}" for code in ("en", "ur", "de", "fr")}
    pages |= {
        "label": f"/lots/{lot_id}/label",
        "home": "/?lang=ur",
        "lookup-refused": "/lookup?gtin=08961234567895&lot=STW-2611&lang=de",
        "lot-not-found": "/lots/6f1c1b3e-0000-4000-8000-000000000000",
        "unknown-address": "/no/such/page",
        "choice": "/01/08961234567894/10/STW-2611",
        "sign-in": "/sign-in?lang=ur",
    }
    files = []
    for name, path in pages.items():
        answer = client.get(path, headers=BROWSER)
        assert answer.headers["content-type"].startswith("text/html"), (name, answer.text)
        assert name != "choice" or answer.status_code == 300  # the page asking which lot
        file = tmp_path / f"{name}.html"
        file.write_text(answer.text)
        files.append(str(file))
    # The sign-in form shown again with a refusal beside its fields.
    token = client.cookies.get("nishan_sign_in_form")
    form = {"csrf_token": token, "sign_in_name": "x", "code": "y", "new_passphrase": "z"}
    refused = client.post("/sign-in?lang=en", data=form, headers=BROWSER)
    assert refused.status_code == 422, refused.text
    (tmp_path / "sign-in-refused.html").write_text(refused.text)
    files.append(str(tmp_path / "sign-in-refused.html"))
    checked = subprocess.run(
        ["java", "-jar", str(checker), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    errors = [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in json.loads(checked.stderr)["messages"]
    ]
    assert errors == []
