"""Signing in, on the in-memory store: sign-in names, one-time codes, passphrases, sessions and
the lockout after failures in a row."""

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from domain.accounts import hashing
from domain.accounts.account import Account
from domain.accounts.application import SessionRefused
from domain.accounts.hashing import hashed
from domain.accounts.sign_in import (
    CODE_ALPHABET,
    CODE_LENGTH,
    FAILURES_BEFORE_LOCK,
    SignInRefused,
    sign_in_name_from,
)
from domain.actor import Role
from domain.errors import AlreadyExists, DomainError

PASSPHRASE = "green tea in lahore"


class Clock:
    """The accounts' clock, moved by hand."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def move(self, **by: float) -> None:
        self.now += timedelta(**by)


@pytest.fixture
def clock(world) -> Clock:
    world.accounts.clock = clock = Clock()
    return clock


def opened(world, name="Bilal Ahmed", sign_in_name=None):
    return world.accounts.open_account(
        name, Role.ADMIN, "NCC", by=world.admin, sign_in_name=sign_in_name
    )


def test_an_opened_account_gets_a_sign_in_name_and_a_one_time_code_of_an_unambiguous_alphabet(
    world,
):
    issued = opened(world)
    assert issued.sign_in_name == "bilal_ahmed"
    assert len(issued.sign_in_code) >= 10
    assert set(issued.sign_in_code) <= set(CODE_ALPHABET)
    assert not set("0O1Il") & set(CODE_ALPHABET)
    assert issued.code_expires_at - datetime.now(UTC) > timedelta(hours=71)
    # Only its hash is kept: neither the code nor anything else that shows it is stored.
    stored = b"".join(s.state for s in world.accounts.recorder.select_notifications(1, 10_000))
    assert issued.sign_in_code.encode() not in stored


def test_names_made_from_a_persons_name_are_unique_and_a_chosen_one_is_refused_if_taken(world):
    assert opened(world).sign_in_name == "bilal_ahmed"
    assert opened(world).sign_in_name == "bilal_ahmed_2"
    assert opened(world, sign_in_name="Inspector_Punjab").sign_in_name == "inspector_punjab"
    with pytest.raises(AlreadyExists) as taken:
        opened(world, sign_in_name="inspector_punjab")
    assert taken.value.code == "sign_in_name_taken"
    with pytest.raises(DomainError) as bad:
        opened(world, sign_in_name="x y")
    assert bad.value.code == "invalid_sign_in_name"
    assert sign_in_name_from("محمد علی") == "user"
    assert sign_in_name_from("Zoë  O'Brien-Khan") == "zoe_o_brien_khan"


def test_the_first_sign_in_uses_the_code_once_and_later_ones_the_passphrase(world, clock):
    issued = opened(world)
    session = world.accounts.sign_in(
        "Bilal_Ahmed ", code=issued.sign_in_code.lower(), new_passphrase=PASSPHRASE
    )
    assert session.account_id == issued.account_id
    assert session.expires_at == clock.now + world.accounts.session_lasts
    with pytest.raises(SignInRefused) as reused:
        world.accounts.sign_in("bilal_ahmed", code=issued.sign_in_code, new_passphrase=PASSPHRASE)
    assert reused.value.code == "wrong_code"
    later = world.accounts.sign_in("bilal_ahmed", passphrase=PASSPHRASE)
    assert later.secret != session.secret
    account, _ = world.accounts.session_account(later.secret)
    assert account.id == issued.account_id
    outcomes = [(s.outcome, s.reason) for s in world.accounts.load_account(account.id).sign_ins]
    assert outcomes == [("signed_in", "code"), ("failed", "wrong_code"), ("signed_in", "")]


def test_a_code_expires_after_72_hours_and_a_new_one_replaces_the_old(world, clock):
    issued = opened(world)
    clock.move(hours=72)
    with pytest.raises(SignInRefused) as expired:
        world.accounts.sign_in("bilal_ahmed", code=issued.sign_in_code, new_passphrase=PASSPHRASE)
    assert expired.value.code == "wrong_code"
    new = world.accounts.issue_sign_in_code(issued.account_id, by=world.admin)
    second = world.accounts.issue_sign_in_code(issued.account_id, by=world.admin)
    with pytest.raises(SignInRefused):
        world.accounts.sign_in("bilal_ahmed", code=new.code, new_passphrase=PASSPHRASE)
    world.accounts.sign_in("bilal_ahmed", code=second.code, new_passphrase=PASSPHRASE)


def test_an_account_opened_before_sign_in_names_gets_one_with_its_first_code(world):
    # Opened as before sign-in: its log holds Opened and nothing about signing in.
    older = Account.open("Old Timer", Role.ADMIN, "NCC", by=world.admin)
    world.accounts.save(older)
    assert world.accounts.load_account(older.id).sign_in_name is None
    code = world.accounts.issue_sign_in_code(older.id, by=world.admin, sign_in_name="old_timer")
    assert code.sign_in_name == "old_timer"
    world.accounts.sign_in("old_timer", code=code.code, new_passphrase=PASSPHRASE)
    again = world.accounts.issue_sign_in_code(older.id, by=world.admin)
    assert again.sign_in_name == "old_timer"
    with pytest.raises(DomainError) as renamed:
        world.accounts.issue_sign_in_code(older.id, by=world.admin, sign_in_name="other_name")
    assert renamed.value.code == "sign_in_name_set"


def test_a_passphrase_has_at_least_ten_characters(world):
    issued = opened(world)
    with pytest.raises(SignInRefused) as short:
        world.accounts.sign_in("bilal_ahmed", code=issued.sign_in_code, new_passphrase="short")
    assert (short.value.code, short.value.field) == ("passphrase_too_short", "new_passphrase")
    # The refusal cost nothing: the code still works.
    world.accounts.sign_in("bilal_ahmed", code=issued.sign_in_code, new_passphrase="ten chars!")


def test_five_failures_in_a_row_slow_down_then_lock_for_15_minutes(world, clock):
    issued = opened(world)
    world.accounts.sign_in("bilal_ahmed", code=issued.sign_in_code, new_passphrase=PASSPHRASE)
    delays = []
    for _ in range(FAILURES_BEFORE_LOCK - 1):
        with pytest.raises(SignInRefused) as wrong:
            world.accounts.sign_in("bilal_ahmed", passphrase="not the passphrase")
        assert wrong.value.code == "wrong_passphrase"
        delays.append(wrong.value.delay)
    assert delays == sorted(delays) and delays[0] == 0 < delays[-1]
    with pytest.raises(SignInRefused) as locked:
        world.accounts.sign_in("bilal_ahmed", passphrase="not the passphrase")
    assert locked.value.code == "account_locked"
    # Locked: even the right passphrase opens nothing until the 15 minutes are over.
    clock.move(minutes=14)
    with pytest.raises(SignInRefused) as still:
        world.accounts.sign_in("bilal_ahmed", passphrase=PASSPHRASE)
    assert still.value.code == "account_locked"
    clock.move(minutes=1)
    world.accounts.sign_in("bilal_ahmed", passphrase=PASSPHRASE)
    noted = world.accounts.load_account(issued.account_id).sign_ins
    assert [s.outcome for s in noted].count("failed") == FAILURES_BEFORE_LOCK
    assert [s.outcome for s in noted][-2:] == ["locked", "signed_in"]


def test_an_unknown_name_fails_and_locks_as_a_known_one_and_writes_nothing(world):
    before = world.accounts.recorder.max_notification_id()
    refusals = []
    for _ in range(FAILURES_BEFORE_LOCK + 1):
        with pytest.raises(SignInRefused) as refused:
            world.accounts.sign_in("nobody_here", passphrase="a guess at it")
        refusals.append(refused.value.code)
    assert refusals == ["wrong_passphrase"] * 4 + ["account_locked"] * 2
    assert world.accounts.recorder.max_notification_id() == before


def test_a_session_ends_when_idle_at_its_expiry_on_sign_out_and_with_its_accounts_tokens(
    world, clock
):
    issued = opened(world)
    first = world.accounts.sign_in(
        "bilal_ahmed", code=issued.sign_in_code, new_passphrase=PASSPHRASE
    )

    def refusal(secret: str) -> str:
        with pytest.raises(SessionRefused) as refused:
            world.accounts.session_account(secret)
        return refused.value.code

    # Used every 50 minutes it stays open; its activity is noted at most every few minutes.
    for _ in range(3):
        clock.move(minutes=50)
        world.accounts.session_account(first.secret)
    clock.move(minutes=world.accounts.session_idle.total_seconds() / 60)
    assert refusal(first.secret) == "session_idle"
    second = world.accounts.sign_in("bilal_ahmed", passphrase=PASSPHRASE)
    heads = world.accounts.recorder.max_notification_id()
    world.accounts.session_account(second.secret)
    world.accounts.session_account(second.secret)
    assert world.accounts.recorder.max_notification_id() == heads  # nothing noted so soon
    clock.now = second.expires_at
    assert refusal(second.secret) == "session_expired"
    third = world.accounts.sign_in("bilal_ahmed", passphrase=PASSPHRASE)
    world.accounts.sign_out(third.secret)
    assert refusal(third.secret) == "session_ended"
    fourth = world.accounts.sign_in("bilal_ahmed", passphrase=PASSPHRASE)
    world.accounts.revoke_all_tokens(issued.account_id, "Lost phone", by=world.admin)
    assert refusal(fourth.secret) == "session_revoked"
    fifth = world.accounts.sign_in("bilal_ahmed", passphrase=PASSPHRASE)
    world.accounts.deactivate_account(issued.account_id, "Left", by=world.admin)
    assert refusal(fifth.secret) == "account_deactivated"
    assert refusal("nss_never_issued") == "session_unknown"


def test_a_deactivated_account_cannot_sign_in(world):
    issued = opened(world)
    world.accounts.sign_in("bilal_ahmed", code=issued.sign_in_code, new_passphrase=PASSPHRASE)
    world.accounts.deactivate_account(issued.account_id, "Left", by=world.admin)
    with pytest.raises(SignInRefused) as refused:
        world.accounts.sign_in("bilal_ahmed", passphrase=PASSPHRASE)
    assert refused.value.code == "wrong_passphrase"  # as an unknown name: nothing revealed


def test_only_an_administrator_issues_sign_in_codes(world):
    with pytest.raises(DomainError):
        world.accounts.issue_sign_in_code(world.admin.id, by=world.inspector)
    assert hashed("x") != hashed("x")  # salted: two hashes of one secret differ


@pytest.mark.parametrize(
    "typed, code",
    [
        (" " * 10, "passphrase_blank"),
        ("\t" * 10, "passphrase_blank"),
        ("\u3000" * 10, "passphrase_blank"),  # the ideographic space
        ("\x00" * 10, "passphrase_control_characters"),
        ("green tea\x1bin lahore", "passphrase_control_characters"),
    ],
)
def test_a_new_passphrase_is_neither_blank_nor_holds_control_characters(world, typed, code):
    issued = opened(world)
    before = world.accounts.recorder.max_notification_id()
    with pytest.raises(SignInRefused) as refused:
        world.accounts.sign_in("bilal_ahmed", code=issued.sign_in_code, new_passphrase=typed)
    assert (refused.value.code, refused.value.field) == (code, "new_passphrase")
    assert world.accounts.recorder.max_notification_id() == before  # nothing recorded
    # Letters of any script, and ZWNJ as Urdu is typed, are a passphrase; kept as typed.
    urdu = " چائے\u200cخانہ میں ملاقات "  # noqa: RUF001 (Urdu letters, meant)
    world.accounts.sign_in("bilal_ahmed", code=issued.sign_in_code, new_passphrase=urdu)
    world.accounts.sign_in("bilal_ahmed", passphrase=urdu)
    with pytest.raises(SignInRefused):
        world.accounts.sign_in("bilal_ahmed", passphrase=urdu.strip())


def test_a_sign_in_missing_a_part_is_refused_before_anything_is_looked_up_or_counted(world):
    issued = opened(world)
    before = world.accounts.recorder.max_notification_id()
    asked = [
        ({"passphrase": None}, "passphrase_required"),
        ({"passphrase": ""}, "passphrase_required"),
        ({"code": issued.sign_in_code}, "new_passphrase_required"),
        ({"code": "", "new_passphrase": PASSPHRASE}, "code_required"),
        ({"new_passphrase": PASSPHRASE}, "code_required"),
    ]
    for _ in range(FAILURES_BEFORE_LOCK):
        for parts, code in asked:
            with pytest.raises(SignInRefused) as refused:
                world.accounts.sign_in("bilal_ahmed", **parts)
            assert refused.value.code == code and refused.value.delay == 0
    with pytest.raises(SignInRefused) as nameless:
        world.accounts.sign_in("  ", passphrase=PASSPHRASE)
    assert nameless.value.code == "sign_in_name_required"
    assert world.accounts.recorder.max_notification_id() == before
    world.accounts.sign_in("bilal_ahmed", code=issued.sign_in_code, new_passphrase=PASSPHRASE)


def locked_out(world, name="bilal_ahmed") -> SignInRefused:
    for _ in range(FAILURES_BEFORE_LOCK):
        with pytest.raises(SignInRefused) as refused:
            world.accounts.sign_in(name, passphrase="not the passphrase")
    assert refused.value.code == "account_locked"
    return refused.value


def test_a_code_an_officer_issues_during_a_lock_lets_the_person_in_at_once(world, clock):
    issued = opened(world)
    world.accounts.sign_in("bilal_ahmed", code=issued.sign_in_code, new_passphrase=PASSPHRASE)
    before_the_lock = world.accounts.issue_sign_in_code(issued.account_id, by=world.admin)
    lock = locked_out(world)
    assert lock.retry_after == 15 * 60  # the whole lock, in seconds
    clock.move(minutes=14, seconds=30)
    with pytest.raises(SignInRefused) as old_code:  # issued before the lock: no way past it
        world.accounts.sign_in(
            "bilal_ahmed", code=before_the_lock.code, new_passphrase="a new passphrase"
        )
    assert (old_code.value.code, old_code.value.retry_after) == ("account_locked", 30)
    # The officer speaks to the person and issues a code: it works during the lock.
    new = world.accounts.issue_sign_in_code(issued.account_id, by=world.admin)
    world.accounts.sign_in("bilal_ahmed", code=new.code, new_passphrase="a new passphrase")
    # The lock is lifted, so the passphrase just chosen works too; the history keeps it all.
    world.accounts.sign_in("bilal_ahmed", passphrase="a new passphrase")
    account = world.accounts.load_account(issued.account_id)
    assert [s.outcome for s in account.sign_ins][-4:] == [
        "locked",
        "unlocked",
        "signed_in",
        "signed_in",
    ]
    kinds = [type(e).__name__ for e in world.accounts.events.get(issued.account_id)]
    assert kinds.count("SignInFailed") == FAILURES_BEFORE_LOCK
    assert "LockedOut" in kinds and kinds.index("LockedOut") < kinds.index("LockLifted")
    # Replayed from the log, the account is the same: the rule is the log's order alone.
    assert not world.accounts.load_account(issued.account_id).locked(clock.now)


def test_an_officers_code_during_a_lock_is_guessed_no_faster_than_a_passphrase(world, clock):
    issued = opened(world)
    world.accounts.sign_in("bilal_ahmed", code=issued.sign_in_code, new_passphrase=PASSPHRASE)
    locked_out(world)
    new = world.accounts.issue_sign_in_code(issued.account_id, by=world.admin)
    for _ in range(FAILURES_BEFORE_LOCK - 1):
        with pytest.raises(SignInRefused) as wrong:
            world.accounts.sign_in("bilal_ahmed", code="AAAAAAAAAAAA", new_passphrase=PASSPHRASE)
        assert wrong.value.code == "wrong_code"
    with pytest.raises(SignInRefused) as again:
        world.accounts.sign_in("bilal_ahmed", code="AAAAAAAAAAAA", new_passphrase=PASSPHRASE)
    assert again.value.code == "account_locked"
    # This new lock holds against that code, and the passphrase, until its end.
    for asked in ({"code": new.code, "new_passphrase": PASSPHRASE}, {"passphrase": PASSPHRASE}):
        with pytest.raises(SignInRefused) as held:
            world.accounts.sign_in("bilal_ahmed", **asked)
        assert held.value.code == "account_locked"
    clock.move(minutes=15)
    world.accounts.sign_in("bilal_ahmed", passphrase=PASSPHRASE)


def test_the_strength_of_a_code_is_said_as_its_alphabet_gives_it():
    # Said once as "a 32-letter alphabet (60 bits)": the alphabet has 31 characters.
    size = len(set(CODE_ALPHABET))
    assert size == len(CODE_ALPHABET)  # no character twice, which would weaken it unseen
    bits = CODE_LENGTH * math.log2(size)
    said = f"{size}-character alphabet (12 · log2 {size} ≈ {bits:.2f} bits)"
    assert said in " ".join(hashing.__doc__.split())
    readme = " ".join((Path(__file__).parents[2] / "README.md").read_text().split())
    assert f"{CODE_LENGTH} characters of a {size}-character alphabet" in readme
    assert f"{CODE_LENGTH} · log2 {size} ≈ {bits:.2f} random bits" in readme
