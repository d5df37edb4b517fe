from domain.inspections.catalogue import current_version


def test_the_catalogue_is_served_with_every_indicators_references(client):
    body = client.get("/catalogue").json()
    assert body["version"] == current_version()
    forced = next(c for c in body["clusters"] if c["code"] == "FL")
    debt = next(i for i in forced["indicators"] if i["code"] == "FL-09")
    assert debt["zero_tolerance"] is True
    assert debt["severity"] == "critical"
    assert "Bonded Labour System (Abolition) Act 1992" in debt["pakistan_law"]
    assert debt["referral"] == "district_vigilance_committee"
    assert client.get(f"/catalogue/{current_version()}").json() == body


def test_an_unknown_catalogue_version_is_404(client):
    response = client.get("/catalogue/1999.1")
    assert response.status_code == 404
    assert response.json()["code"] == "catalogue_version_not_found"
