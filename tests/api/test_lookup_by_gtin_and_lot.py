"""The home page's look-up, for a carton whose code will not scan: the GTIN and lot number typed
in lead to the carton's own GS1 Digital Link; a mistake is shown beside its field."""

from tests.api.scenario import Scenario

GTIN = "08961234567894"


def test_a_typed_gtin_and_lot_number_lead_to_the_lots_page(client, nishan):
    scenario = Scenario.start(client, nishan)
    lot_id = scenario.create_lot(gtin=GTIN, lot_number="SMB/2610")
    # As printed under a barcode: a GTIN-13 with spaces; the lot number with a slash.
    answer = client.get(
        "/lookup",
        params={"gtin": "896 1234 56789 4", "lot": "SMB/2610", "lang": "de"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/01/{GTIN}/10/SMB%2F2610?lang=de"
    page = client.get(answer.headers["location"], headers={"Accept": "text/html"})
    assert page.status_code == 200, page.text
    assert lot_id in page.text


def test_a_wrong_check_digit_shows_the_form_again_with_the_sentence_beside_the_field(client):
    answer = client.get(
        "/lookup",
        params={"gtin": "08961234567895", "lot": "SMB-2610"},
        headers={"Accept-Language": "ur"},
    )
    assert answer.status_code == 422
    assert 'id="gtin" name="gtin"' in answer.text
    assert 'aria-invalid="true" aria-describedby="gtin-wrong"' in answer.text
    assert "یہ GTIN نہیں ہے" in answer.text  # in the page's language
    assert 'value="08961234567895"' in answer.text  # what was typed, kept to correct
    assert "lot-wrong" not in answer.text


def test_what_was_typed_is_escaped_on_the_page_again(client):
    answer = client.get("/lookup", params={"gtin": '"><script>', "lot": "L" * 21})
    assert answer.status_code == 422
    assert "<script>" not in answer.text and "&#34;&gt;&lt;script&gt;" in answer.text
    assert "lot-wrong" in answer.text and "gtin-wrong" in answer.text  # 21 is too long


def test_an_unknown_address_asked_for_by_a_browser_answers_a_page_in_its_language(client):
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8", "Accept-Language": "de"}
    answer = client.get("/no/such/page", headers=browser)
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")
    assert "Seite nicht gefunden" in answer.text
    # A script still gets the JSON it reads.
    for accept in ("application/json", "*/*", None):
        answer = client.get("/no/such/page", headers={"Accept": accept} if accept else {})
        assert answer.status_code == 404 and answer.json()["code"] == "not_found"
