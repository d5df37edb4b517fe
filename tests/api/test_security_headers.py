"""Every answer carries the usual security headers; Nishan's own pages a strict
Content-Security-Policy that lets no script run."""


def test_pages_forbid_script_and_framing_and_every_answer_says_nosniff(client, verified_lot):
    lot_id = verified_lot
    for page in (
        client.get(f"/lots/{lot_id}"),
        client.get(f"/lots/{lot_id}"),  # the same page, answered from the page cache
        client.get(f"/lots/{lot_id}/label"),
        client.get("/lots/6f1c1b3e-0000-4000-8000-000000000000"),  # the not-found page
        client.get("/"),
        client.get("/sign-in?lang=ur"),
        client.post("/sign-in", data={"sign_in_name": "x", "passphrase": "y"}),  # refused
    ):
        policy = page.headers["content-security-policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["default-src"] == "'none'"
        assert "script-src" not in directives  # so default-src 'none' forbids every script
        assert "unsafe-inline" not in policy
        assert directives["frame-ancestors"] == "'none'"
        assert page.headers["x-frame-options"] == "DENY"
        assert page.headers["x-content-type-options"] == "nosniff"
    data = client.get(f"/lots/{lot_id}", headers={"Accept": "application/json"})
    assert data.headers["x-content-type-options"] == "nosniff"
    assert data.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "content-security-policy" not in data.headers  # not a page
    # The interactive API documentation runs Swagger UI's script, Nishan's own and no other.
    policy = client.get("/docs").headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'" and directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
