"""Signing in over HTTP: the first sign-in with the officer's code, later ones with the
passphrase, the session cookie opening the JSON API (commands only with the session's CSRF
token), lockout, sign-out, and every way a session ends."""

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.i18n.catalogs import LOCALE_OF, language
from api.sessions import SESSION_COOKIE
from bootstrap import Nishan, load_settings
from domain.accounts.account import CONSOLE
from domain.actor import Role
from tests.api.scenario import bearer, expect

PASSPHRASE = "chai at the clock tower"


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def move(self, **by: float) -> None:
        self.now += timedelta(**by)


@pytest.fixture
def clock(nishan) -> Clock:
    nishan.accounts.clock = clock = Clock()
    return clock


@pytest.fixture
def admin(nishan):
    """The console's first administrator, as `nishan accounts create-admin` opens one."""
    return nishan.accounts.open_account(
        "Ayesha Siddiqui", Role.ADMIN, "NCC", by=CONSOLE, sign_in_name="ayesha"
    )


def first_sign_in(client, name: str, code: str, passphrase: str = PASSPHRASE):
    return client.post(
        "/sign-in", json={"sign_in_name": name, "code": code, "new_passphrase": passphrase}
    )


def sign_in(client, name: str, passphrase: str = PASSPHRASE):
    return client.post("/sign-in", json={"sign_in_name": name, "passphrase": passphrase})


@pytest.mark.both_backends  # sessions and sign-in events stored, and read by id, on each
def test_an_officer_opens_an_account_and_its_person_signs_in_first_with_the_code(client, admin):
    body = {"name": "Bilal Ahmed", "role": "admin", "sign_in_name": "Bilal_Officer"}
    opened = expect(client.post("/accounts", headers=bearer(admin.token), json=body), 201)
    assert opened["sign_in_name"] == "bilal_officer"
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{12}", opened["sign_in_code"])
    signed_in = expect(first_sign_in(client, "bilal_officer", opened["sign_in_code"]), 200)
    cookie = client.cookies.get(SESSION_COOKIE)
    assert cookie and signed_in["account_id"] == opened["account_id"]
    set_cookie = first_sign_in(client, "x", "y").headers.get("set-cookie")  # refused: none set
    assert set_cookie is None
    me = expect(client.get("/accounts/me"), 200)  # the cookie alone opens the API
    assert me["account_id"] == opened["account_id"] and me["csrf_token"] == signed_in["csrf_token"]
    # The code worked once; from now on, the passphrase.
    client.cookies.clear()
    reused = first_sign_in(client, "bilal_officer", opened["sign_in_code"])
    assert (reused.status_code, reused.json()["code"]) == (401, "wrong_code")
    expect(sign_in(client, "BILAL_OFFICER", PASSPHRASE), 200)
    wrong = sign_in(client, "bilal_officer", "not my passphrase")
    assert (wrong.status_code, wrong.json()["code"]) == (401, "wrong_passphrase")
    assert [f["field"] for f in wrong.json()["fields"]] == ["passphrase"]
    # The officer sees them, latest first.
    record = expect(
        client.get(f"/accounts/{opened['account_id']}", headers=bearer(admin.token)), 200
    )
    assert [(s["outcome"], s["reason"]) for s in record["sign_ins"]] == [
        ("failed", "wrong_passphrase"),
        ("signed_in", ""),
        ("failed", "wrong_code"),
        ("signed_in", "code"),
    ]
    assert record["sign_in_name"] == "bilal_officer" and record["has_passphrase"]


def test_a_sign_in_name_is_unique_and_made_from_the_name_when_not_given(client, admin):
    made = expect(
        client.post(
            "/accounts", headers=bearer(admin.token), json={"name": "Sara Qureshi", "role": "admin"}
        ),
        201,
    )
    assert made["sign_in_name"] == "sara_qureshi"
    taken = client.post(
        "/accounts",
        headers=bearer(admin.token),
        json={"name": "Another", "role": "admin", "sign_in_name": "sara_qureshi"},
    )
    assert (taken.status_code, taken.json()["code"]) == (409, "sign_in_name_taken")


def test_a_new_code_replaces_the_old_and_an_expired_code_opens_nothing(
    client, nishan, admin, clock
):
    code = expect(
        client.post(
            f"/accounts/{admin.account_id}/sign-in-code", headers=bearer(admin.token), json={}
        ),
        201,
    )
    assert code["sign_in_name"] == "ayesha"
    old = first_sign_in(client, "ayesha", admin.sign_in_code)
    assert (old.status_code, old.json()["code"]) == (401, "wrong_code")
    clock.move(hours=72)
    expired = first_sign_in(client, "ayesha", code["sign_in_code"])
    assert (expired.status_code, expired.json()["code"]) == (401, "wrong_code")
    short = first_sign_in(client, "ayesha", code["sign_in_code"], "too short")
    assert (short.status_code, short.json()["code"]) == (422, "passphrase_too_short")


def test_five_failures_in_a_row_slow_down_then_lock_the_account_for_15_minutes(
    client, admin, clock
):
    expect(first_sign_in(client, "ayesha", admin.sign_in_code), 200)
    client.cookies.clear()
    took = []
    for _ in range(4):
        started = time.monotonic()
        assert sign_in(client, "ayesha", "a wrong guess").status_code == 401
        took.append(time.monotonic() - started)
    assert took[3] >= 1.0 > took[0]  # slept, growing: 0, 0.25, 0.5, 1 s
    locked = sign_in(client, "ayesha", "a wrong guess")
    assert (locked.status_code, locked.json()["code"]) == (429, "account_locked")
    assert sign_in(client, "ayesha", PASSPHRASE).status_code == 429  # locked, even so
    record = expect(client.get(f"/accounts/{admin.account_id}", headers=bearer(admin.token)), 200)
    assert record["sign_ins"][0]["outcome"] == "locked" and record["locked_until"]
    clock.move(minutes=15)
    expect(sign_in(client, "ayesha", PASSPHRASE), 200)


def test_an_unknown_sign_in_name_is_answered_as_a_wrong_passphrase_and_writes_nothing(
    client, nishan, admin
):
    before = nishan.accounts.recorder.max_notification_id()
    unknown = sign_in(client, "nobody_at_all", "a guess at it")
    known = sign_in(client, "ayesha", "a guess at it")
    assert unknown.status_code == known.status_code == 401
    assert unknown.json() == known.json()
    assert nishan.accounts.recorder.max_notification_id() == before + 1  # the known one's failure


def test_the_cookie_opens_commands_only_with_the_sessions_csrf_token(client, admin):
    signed_in = expect(first_sign_in(client, "ayesha", admin.sign_in_code), 200)
    url = f"/accounts/{admin.account_id}/sign-in-code"
    missing = client.post(url, json={})
    assert (missing.status_code, missing.json()["code"]) == (403, "csrf_failed")
    assert missing.json()["message"]
    wrong = client.post(url, json={}, headers={"X-CSRF-Token": "0" * 64})
    assert (wrong.status_code, wrong.json()["code"]) == (403, "csrf_failed")
    expect(client.post(url, json={}, headers={"X-CSRF-Token": signed_in["csrf_token"]}), 201)
    # A bearer token decides alone: the cookie beside it is not even read.
    expect(client.post(url, json={}, headers=bearer(admin.token)), 201)
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, "nss_forged")
    expect(client.get("/accounts/me", headers=bearer(admin.token)), 200)
    assert (
        expect(client.get("/accounts/me", headers=bearer(admin.token)), 200)["csrf_token"] is None
    )
    forged = client.get("/accounts/me")
    assert (forged.status_code, forged.json()["code"]) == (401, "session_unknown")


def test_sign_out_ends_the_session_and_clears_the_cookie(client, admin):
    signed_in = expect(first_sign_in(client, "ayesha", admin.sign_in_code), 200)
    cookie = client.cookies.get(SESSION_COOKIE)
    refused = client.post("/sign-out")
    assert (refused.status_code, refused.json()["code"]) == (403, "csrf_failed")
    out = client.post("/sign-out", headers={"X-CSRF-Token": signed_in["csrf_token"]})
    assert out.status_code == 204
    assert (
        f'{SESSION_COOKIE}=""' in out.headers["set-cookie"]
        or "Max-Age=0" in out.headers["set-cookie"]
    )
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, cookie)
    ended = client.get("/accounts/me")
    assert (ended.status_code, ended.json()["code"]) == (401, "session_ended")


def test_signing_out_of_a_session_already_over_clears_its_cookie_without_a_token(client, admin):
    """Nothing is left to protect: an ended or unknown session's cookie is just cleared, as
    with no cookie, by a form (back to the page) or a script (204)."""
    signed_in = expect(first_sign_in(client, "ayesha", admin.sign_in_code), 200)
    cookie = client.cookies.get(SESSION_COOKIE)
    expect_204 = client.post("/sign-out", headers={"X-CSRF-Token": signed_in["csrf_token"]})
    assert expect_204.status_code == 204
    for dead in (cookie, "nss_never_issued"):
        client.cookies.clear()
        client.cookies.set(SESSION_COOKIE, dead)
        form = client.post("/sign-out", data={"csrf_token": "any"}, follow_redirects=False)
        assert form.status_code == 303 and form.headers["location"].startswith("/sign-in")
        assert (
            "Max-Age=0" in form.headers["set-cookie"]
            or f'{SESSION_COOKIE}=""' in (form.headers["set-cookie"])
        )
        client.cookies.set(SESSION_COOKIE, dead)
        assert client.post("/sign-out").status_code == 204


@pytest.mark.parametrize("ending", ["tokens revoked", "deactivated"])
@pytest.mark.both_backends
def test_a_session_is_revoked_with_the_accounts_tokens_and_on_deactivation(client, admin, ending):
    opened = expect(
        client.post(
            "/accounts", headers=bearer(admin.token), json={"name": "Omar Farooq", "role": "admin"}
        ),
        201,
    )
    expect(first_sign_in(client, opened["sign_in_name"], opened["sign_in_code"]), 200)
    expect(client.get("/accounts/me"), 200)
    what = "tokens/revoke" if ending == "tokens revoked" else "deactivate"
    done = client.post(
        f"/accounts/{opened['account_id']}/{what}",
        headers=bearer(admin.token),
        json={"reason": "Lost phone"},
    )
    assert done.status_code == 204, done.text
    answer = client.get("/accounts/me")
    code = "session_revoked" if ending == "tokens revoked" else "account_deactivated"
    assert (answer.status_code, answer.json()["code"]) == (401, code)


def test_a_session_ends_after_its_idle_timeout_and_at_its_expiry(client, nishan, admin, clock):
    expect(first_sign_in(client, "ayesha", admin.sign_in_code), 200)
    idle = nishan.settings.session_idle_minutes
    clock.move(minutes=idle - 1)
    expect(client.get("/accounts/me"), 200)  # used: its idle time starts again
    clock.move(minutes=idle - 1)
    expect(client.get("/accounts/me"), 200)
    clock.move(minutes=idle)
    answer = client.get("/accounts/me")
    assert (answer.status_code, answer.json()["code"]) == (401, "session_idle")
    expires_at = datetime.fromisoformat(expect(sign_in(client, "ayesha"), 200)["expires_at"])
    assert expires_at - clock.now == timedelta(hours=nishan.settings.session_hours)
    while clock.now + timedelta(minutes=idle - 1) < expires_at:  # used all day long
        clock.move(minutes=idle - 1)
        expect(client.get("/accounts/me"), 200)
    clock.now = expires_at
    answer = client.get("/accounts/me")
    assert (answer.status_code, answer.json()["code"]) == (401, "session_expired")


def test_the_session_cookie_is_http_only_lax_and_secure_behind_https(tmp_path):
    settings = load_settings(
        database_url=f"sqlite:///{tmp_path / 'n.db'}", public_base_url="https://verify.example"
    )
    nishan = Nishan(settings)
    try:
        opened = nishan.accounts.open_account("A Person", Role.ADMIN, "NCC", by=CONSOLE)
        with TestClient(create_app(nishan=nishan), base_url="https://testserver") as client:
            answer = first_sign_in(client, opened.sign_in_name, opened.sign_in_code)
            assert answer.status_code == 200, answer.text
            cookie = answer.headers["set-cookie"]
    finally:
        nishan.close()
    assert cookie.startswith(f"{SESSION_COOKIE}=nss_")
    for attribute in ("HttpOnly", "SameSite=lax", "Secure", "Path=/", "Max-Age="):
        assert attribute.lower() in cookie.lower(), attribute


def test_the_sign_in_page_signs_in_through_its_form_and_shows_a_refusal_beside_its_field(
    client, admin
):
    page = client.get("/sign-in?lang=ur&next=/accounts/me")
    assert page.status_code == 200 and 'dir="rtl"' in page.text
    assert page.headers["cache-control"] == "no-store"
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
    form = {
        "csrf_token": token,
        "next": "/accounts/me",
        "sign_in_name": "ayesha",
        "code": admin.sign_in_code,
        "new_passphrase": PASSPHRASE,
        "new_passphrase_again": PASSPHRASE + "!",
    }
    differ = client.post("/sign-in?lang=ur", data=form)
    assert differ.status_code == 422 and 'id="new_passphrase_again-wrong"' in differ.text
    assert "دونوں پاس فریز" in differ.text  # in the page's language
    forged = client.post("/sign-in?lang=ur", data={**form, "csrf_token": "forged"})
    assert forged.status_code == 403 and 'id="form-wrong"' in forged.text
    done = client.post(
        "/sign-in?lang=ur",
        data={**form, "new_passphrase_again": PASSPHRASE},
        follow_redirects=False,
    )
    assert (done.status_code, done.headers["location"]) == (303, "/accounts/me?lang=ur")
    assert expect(client.get("/accounts/me"), 200)["sign_in_name"] == "ayesha"
    client.cookies.delete(SESSION_COOKIE)
    # A success used up the form's token: a new page gives a new one.
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/sign-in").text)[1]
    wrong = client.post(
        "/sign-in",
        data={"csrf_token": token, "sign_in_name": "ayesha", "passphrase": "wrong passphrase"},
    )
    assert wrong.status_code == 401 and 'id="passphrase-wrong"' in wrong.text
    elsewhere = client.post(
        "/sign-in",
        data={
            "csrf_token": token,
            "next": "//evil.example",
            "sign_in_name": "ayesha",
            "passphrase": PASSPHRASE,
        },
        follow_redirects=False,
    )
    assert elsewhere.headers["location"] == "/"  # never another site


def test_a_form_command_carries_the_csrf_token_in_a_field(client, admin):
    signed_in = expect(first_sign_in(client, "ayesha", admin.sign_in_code), 200)
    out = client.post(
        "/sign-out", data={"csrf_token": signed_in["csrf_token"]}, follow_redirects=False
    )
    assert (out.status_code, out.headers["location"]) == (303, "/sign-in")


def test_the_home_page_links_to_the_sign_in_page(client):
    assert 'href="/sign-in?lang=en"' in client.get("/?lang=en").text


def test_an_exporters_user_is_opened_with_the_sign_in_name_asked_for(client, admin):
    body = {"name": "Chenab Sports Exports", "ntn": "4170022-1", "city": "Sialkot"}
    exporter = expect(client.post("/exporters", headers=bearer(admin.token), json=body), 201)
    user = expect(
        client.post(
            f"/exporters/{exporter['exporter_id']}/users",
            headers=bearer(admin.token),
            json={"name": "Sara Qureshi", "sign_in_name": "chenab_sara"},
        ),
        201,
    )
    assert user["sign_in_name"] == "chenab_sara"
    expect(first_sign_in(client, "chenab_sara", user["sign_in_code"]), 200)
    assert expect(client.get("/accounts/me"), 200)["role"] == "exporter"


def test_a_cookies_command_may_carry_the_csrf_token_as_a_form_field(client, admin):
    signed_in = expect(first_sign_in(client, "ayesha", admin.sign_in_code), 200)
    url = f"/accounts/{admin.account_id}/sign-in-code"
    form = {"csrf_token": signed_in["csrf_token"]}
    # Past the CSRF check; then refused as every command with a body that is not JSON.
    assert client.post(url, data=form).status_code == 422
    assert client.post(url, data={"csrf_token": "forged"}).status_code == 403
    # With the cookie there is no bearer token to revoke: that is said, not a 500.
    no_token = client.post(
        "/accounts/me/token/revoke", headers={"X-CSRF-Token": signed_in["csrf_token"]}
    )
    assert (no_token.status_code, no_token.json()["code"]) == (422, "no_token")


def many_fields(n: int) -> str:
    return "&".join(f"f{i}=x" for i in range(n))


def test_a_form_of_too_many_fields_is_refused_with_a_sentence_and_writes_nothing(
    client, nishan, admin
):
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    # The sign-in page's form: the page again, its sentence at the top, no cookie.
    page = client.post("/sign-in?lang=en", content=many_fields(25), headers=form)
    assert page.status_code == 422 and 'id="form-wrong"' in page.text
    assert "could not be read" in page.text and SESSION_COOKIE not in client.cookies
    # With the session cookie: sign-out and a command are answered in JSON, and end nothing.
    signed_in = expect(first_sign_in(client, "ayesha", admin.sign_in_code), 200)
    before = nishan.accounts.recorder.max_notification_id()
    out = client.post("/sign-out", content=many_fields(25), headers=form)
    assert (out.status_code, out.json()["code"]) == (422, "too_many_fields")
    command = client.post(
        f"/accounts/{admin.account_id}/sign-in-code", content=many_fields(51), headers=form
    )
    assert (command.status_code, command.json()["code"]) == (422, "too_many_fields")
    assert "more than 50 fields" in command.json()["message"]
    assert nishan.accounts.recorder.max_notification_id() == before
    expect(client.get("/accounts/me"), 200)  # still signed in
    # A form within the bound is read as before.
    token = f"csrf_token={signed_in['csrf_token']}&"
    out = client.post(
        "/sign-out", content=token + many_fields(19), headers=form, follow_redirects=False
    )
    assert out.status_code == 303


@pytest.mark.parametrize("sent_as", ["text/plain", "multipart/form-data; boundary=x", None])
def test_json_is_taken_only_as_application_json_so_no_other_site_signs_a_browser_in(
    client, nishan, admin, sent_as
):
    # A cross-site <form enctype="text/plain"> (or a fetch of a Blob, with no type) can carry
    # valid JSON with no preflight: it is refused before anything is read or counted.
    expect(first_sign_in(client, "ayesha", admin.sign_in_code), 200)
    client.cookies.clear()
    before = nishan.accounts.recorder.max_notification_id()
    body = b'{"sign_in_name": "ayesha", "passphrase": "' + PASSPHRASE.encode() + b'"}'
    headers = {"Content-Type": sent_as} if sent_as else {}
    refused = client.post("/sign-in", content=body, headers=headers)
    assert (refused.status_code, refused.json()["code"]) == (415, "unsupported_media_type")
    assert "application/json" in refused.json()["message"]
    assert "set-cookie" not in refused.headers and SESSION_COOKIE not in client.cookies
    assert nishan.accounts.recorder.max_notification_id() == before
    # application/json, with or without its charset, signs in.
    for json_type in ("application/json", "Application/JSON; charset=utf-8"):
        answer = client.post("/sign-in", content=body, headers={"Content-Type": json_type})
        assert answer.status_code == 200, answer.text
    assert "415" in client.app.openapi()["paths"]["/sign-in"]["post"]["responses"]


def test_the_cookie_opens_no_command_or_sign_out_sent_as_text_plain(client, nishan, admin):
    # The same cross-site form against the cookie's other doors: without the session's CSRF
    # token (another site cannot read it) nothing is done.
    signed_in = expect(first_sign_in(client, "ayesha", admin.sign_in_code), 200)
    before = nishan.accounts.recorder.max_notification_id()
    plain = {"Content-Type": "text/plain"}
    command = client.post(
        f"/accounts/{admin.account_id}/sign-in-code", content=b"{}", headers=plain
    )
    assert (command.status_code, command.json()["code"]) == (403, "csrf_failed")
    # Even the right token is read from a form field only, never from a text/plain body.
    token = f"csrf_token={signed_in['csrf_token']}".encode()
    for url in (f"/accounts/{admin.account_id}/sign-in-code", "/sign-out"):
        answer = client.post(url, content=token, headers=plain)
        assert (answer.status_code, answer.json()["code"]) == (403, "csrf_failed")
    assert nishan.accounts.recorder.max_notification_id() == before
    expect(client.get("/accounts/me"), 200)  # still signed in


def test_a_refusal_names_its_field_in_fields_as_every_other_error_does(client, admin):
    wrong = sign_in(client, "ayesha", "not the passphrase").json()
    assert set(wrong) == {"code", "message", "fields"}
    assert wrong["fields"] == [
        {"field": "passphrase", "message": wrong["message"], "type": "wrong_passphrase"}
    ]
    invalid = client.post("/sign-in", json={"sign_in_name": ""}).json()  # the shape they share
    assert set(invalid["fields"][0]) == set(wrong["fields"][0])


@pytest.mark.parametrize(
    "sent, code, field",
    [
        ({}, "passphrase_required", "passphrase"),
        ({"code": "K7QF3MZP2WXA"}, "new_passphrase_required", "new_passphrase"),
        ({"new_passphrase": PASSPHRASE}, "code_required", "code"),
        ({"code": " - ", "new_passphrase": PASSPHRASE}, "code_required", "code"),
        (
            {"passphrase": PASSPHRASE, "code": "K7QF3MZP2WXA", "new_passphrase": PASSPHRASE},
            "passphrase_or_code",
            "code",
        ),
    ],
)
def test_a_sign_in_missing_its_passphrase_or_code_is_malformed_and_not_counted(
    client, nishan, admin, sent, code, field
):
    before = nishan.accounts.recorder.max_notification_id()
    refused = client.post("/sign-in", json={"sign_in_name": "ayesha", **sent})
    assert (refused.status_code, refused.json()["code"]) == (422, code)
    assert refused.json()["fields"][0]["field"] == field
    if code == "new_passphrase_required":
        assert "new passphrase" in refused.json()["message"]
    assert nishan.accounts.recorder.max_notification_id() == before  # no failure recorded
    # And the account was not brought nearer its lock: the code still works.
    expect(first_sign_in(client, "ayesha", admin.sign_in_code), 200)


@pytest.mark.parametrize(
    "typed, code",
    [
        (" " * 10, "passphrase_blank"),
        ("\t" * 10, "passphrase_blank"),
        ("\u00a0\u200b" * 5, "passphrase_blank"),  # no-break and zero-width spaces
        ("\x00" * 10, "passphrase_control_characters"),
        ("chai at the\nclock tower", "passphrase_control_characters"),
    ],
)
def test_a_blank_new_passphrase_or_one_with_control_characters_is_refused_beside_its_field(
    client, admin, typed, code
):
    refused = first_sign_in(client, "ayesha", admin.sign_in_code, typed)
    assert (refused.status_code, refused.json()["code"]) == (422, code)
    assert refused.json()["fields"][0]["field"] == "new_passphrase"
    # The page says it beside the field.
    page = client.get("/sign-in?lang=en")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
    form = {"csrf_token": token, "sign_in_name": "ayesha", "code": admin.sign_in_code}
    shown = client.post(
        "/sign-in?lang=en", data={**form, "new_passphrase": typed, "new_passphrase_again": typed}
    )
    assert shown.status_code == 422 and 'id="new_passphrase-wrong"' in shown.text
    sentence = re.search(r'id="new_passphrase-wrong"[^>]*>([^<]+)<', shown.text)[1]
    assert sentence.startswith("A passphrase cannot")
    # Refused at no cost: the code still works, with a passphrase kept exactly as typed.
    spaced = "  chai at the clock tower  "
    expect(first_sign_in(client, "ayesha", admin.sign_in_code, spaced), 200)
    assert sign_in(client, "ayesha", spaced.strip()).status_code == 401
    expect(sign_in(client, "ayesha", spaced), 200)


def test_a_locked_account_says_when_to_retry_and_an_officers_new_code_opens_it_at_once(
    client, admin, clock, monkeypatch
):
    monkeypatch.setattr("domain.accounts.application.delay_after", lambda failures: 0.0)
    expect(first_sign_in(client, "ayesha", admin.sign_in_code), 200)
    client.cookies.clear()
    for _ in range(5):
        locked = sign_in(client, "ayesha", "a wrong guess")
    assert (locked.status_code, locked.json()["code"]) == (429, "account_locked")
    assert locked.headers["retry-after"] == str(15 * 60)
    clock.move(minutes=5)
    # The page says so too, with the same header.
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/sign-in").text)[1]
    form = {"csrf_token": token, "sign_in_name": "ayesha", "passphrase": PASSPHRASE}
    page = client.post("/sign-in", data=form)
    assert page.status_code == 429 and page.headers["retry-after"] == str(10 * 60)
    assert "new sign-in code" in page.text
    documented = client.app.openapi()["paths"]["/sign-in"]["post"]["responses"]["429"]
    assert "Retry-After" in documented["headers"]
    # The officer, who has spoken to the person, issues a code: it works during the lock.
    code = expect(
        client.post(
            f"/accounts/{admin.account_id}/sign-in-code", headers=bearer(admin.token), json={}
        ),
        201,
    )["sign_in_code"]
    expect(first_sign_in(client, "ayesha", code, "a passphrase chosen again"), 200)
    client.cookies.clear()
    expect(sign_in(client, "ayesha", "a passphrase chosen again"), 200)
    record = expect(client.get(f"/accounts/{admin.account_id}", headers=bearer(admin.token)), 200)
    assert [s["outcome"] for s in record["sign_ins"][:4]] == [
        "signed_in",
        "signed_in",
        "unlocked",
        "locked",
    ]


def form_token(client, url: str = "/sign-in") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text)[1]


@pytest.mark.parametrize(
    "next_path, onward",
    [
        (None, "/?lang=ur"),
        ("/inspections", "/inspections?lang=ur"),
        ("/inspections?from=2026-11-01#list", "/inspections?from=2026-11-01&lang=ur#list"),
        ("/inspections?lang=de", "/inspections?lang=de"),  # the path's own choice stands
    ],
)
def test_a_form_sign_in_goes_on_in_the_language_of_its_page(client, admin, next_path, onward):
    expect(first_sign_in(client, "ayesha", admin.sign_in_code), 200)
    client.cookies.clear()
    form = {"csrf_token": form_token(client, "/sign-in?lang=ur")}
    form |= {"sign_in_name": "ayesha", "passphrase": PASSPHRASE}
    if next_path:
        form["next"] = next_path
    done = client.post("/sign-in?lang=ur", data=form, follow_redirects=False)
    assert (done.status_code, done.headers["location"]) == (303, onward)


def language_links(page: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)" lang="(?:en|ur|de|fr)"', page)


def test_the_language_links_keep_where_to_go_after_even_on_a_refusal(client, admin):
    page = client.get("/sign-in?lang=ur&next=/inspections").text
    assert language_links(page) == [
        f"/sign-in?next=%2Finspections&amp;lang={code}" for code in ("en", "de", "fr")
    ]
    # Refused, the page is answered at POST /sign-in?lang=ur: its links still keep `next`.
    form = {"csrf_token": form_token(client), "next": "/inspections"}
    form |= {"sign_in_name": "ayesha", "passphrase": "not the passphrase"}
    refused = client.post("/sign-in?lang=ur", data=form)
    assert refused.status_code == 401
    assert language_links(refused.text) == language_links(page)
    # With nowhere asked for, the links are the page's language alone.
    assert language_links(client.get("/sign-in?lang=ur").text)[0] == "/sign-in?lang=en"


@pytest.mark.parametrize(
    "asked",
    ["/" + "a" * 500, "https://evil.example/", "//evil.example", "/\\evil.example", "/\t/evil"],
)
def test_an_over_long_or_foreign_next_is_ignored_and_the_page_answered(client, asked):
    page = client.get("/sign-in", params={"next": asked})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert re.findall(r'name="next" value="([^"]*)"', page.text) == ["/", "/"]
    kept = client.get("/sign-in", params={"next": "/" + "a" * 499})
    assert 'name="next" value="/' + "a" * 499 + '"' in kept.text


def test_a_sign_out_form_with_a_stale_token_gets_the_page_again_with_a_sentence(client, admin):
    expect(first_sign_in(client, "ayesha", admin.sign_in_code), 200)
    stale = client.post("/sign-out?lang=ur", data={"csrf_token": "from a page kept too long"})
    assert stale.status_code == 403 and stale.headers["content-type"].startswith("text/html")
    assert 'id="sign_out-wrong"' in stale.text and 'lang="ur"' in stale.text
    expect(client.get("/accounts/me"), 200)  # nothing ended
    script = client.post("/sign-out", headers={"X-CSRF-Token": "stale"})  # a script: JSON
    assert (script.status_code, script.json()["code"]) == (403, "csrf_failed")
    # The page's own sign-out form, sent again, signs out.
    token = re.search(r'action="/sign-out[^"]*"[^>]*>\s*<input[^>]*value="([^"]+)"', stale.text)[1]
    out = client.post("/sign-out?lang=ur", data={"csrf_token": token}, follow_redirects=False)
    assert (out.status_code, out.headers["location"]) == (303, "/sign-in?lang=ur")
    assert client.get("/accounts/me").status_code == 401


def test_the_signed_in_sentence_isolates_the_name_in_every_language(client, admin):
    expect(first_sign_in(client, "ayesha", admin.sign_in_code), 200)
    for code in LOCALE_OF:  # in Urdu, a Latin name kept apart keeps the sentence's order
        sentence = language(code).translations.gettext("You are signed in as %(name)s.")
        page = client.get(f"/sign-in?lang={code}").text
        assert sentence % {"name": "<bdi>ayesha</bdi>"} in page, code
