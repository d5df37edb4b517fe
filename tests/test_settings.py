from pathlib import Path

import pytest

from bootstrap.settings import SettingsError, load_settings, parse_database_url


def test_the_default_store_is_a_sqlite_file_in_the_working_directory(monkeypatch):
    monkeypatch.delenv("NISHAN_DATABASE_URL", raising=False)
    database = load_settings().database
    assert database.sqlite_path == Path("./nishan.db")
    env = database.persistence_env()
    assert env["SQLITE_DBNAME"] == "nishan.db"
    assert env["PERSISTENCE_MODULE"] == "domain.persistence:PerApplicationSQLiteFactory"


def test_a_postgresql_url_becomes_eventsourcing_settings():
    env = parse_database_url(
        "postgresql://nishan:s%40cret@db.example:6543/nishan"
    ).persistence_env()
    assert env["PERSISTENCE_MODULE"] == "domain.persistence:PostgresWithoutJitFactory"
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"], env["POSTGRES_DBNAME"]) == (
        "db.example",
        "6543",
        "nishan",
    )
    assert (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"]) == ("nishan", "s@cret")


def test_settings_are_read_from_nishan_environment_variables(monkeypatch):
    monkeypatch.setenv("NISHAN_DATABASE_URL", "sqlite:////var/lib/nishan/nishan.db")
    monkeypatch.setenv("NISHAN_PUBLIC_BASE_URL", "https://verify.example.pk/")
    settings = load_settings()
    assert settings.database.sqlite_path == Path("/var/lib/nishan/nishan.db")
    assert settings.public_base_url == "https://verify.example.pk"


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("mysql://root@localhost/nishan", "must start with sqlite:/// or postgresql://"),
        ("sqlite:///", "names no database file"),
        ("postgresql://postgres@127.0.0.1:5432/", "names no database"),
        ("postgresql://127.0.0.1:5432/nishan", "names no user"),
        ("postgresql://postgres@127.0.0.1:port/nishan", "port must be a number from 1 to 65535"),
        ("postgresql://postgres@127.0.0.1:99999/nishan", "port must be a number from 1 to 65535"),
        ("nishan.db", "must start with"),
    ],
)
def test_a_malformed_database_url_stops_start_up_naming_the_setting_and_an_example(
    monkeypatch, url, why
):
    monkeypatch.setenv("NISHAN_DATABASE_URL", url)
    with pytest.raises(SettingsError) as stopped:
        load_settings()
    message = str(stopped.value)
    assert message.startswith("NISHAN_DATABASE_URL=")
    assert why in message
    assert "sqlite:///./nishan.db" in message and "postgresql://" in message


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("NISHAN_PUBLIC_BASE_URL", "verify.nishan.pk"),
        ("NISHAN_CERTIFICATE_VALIDITY_MONTHS", "0"),
        ("NISHAN_CERTIFICATE_VALIDITY_MONTHS", "twelve"),
        ("NISHAN_TOKEN_DAYS", "0"),
        ("NISHAN_TOKEN_DAYS", "3651"),
        ("NISHAN_LOCK_WAIT_SECONDS", "0"),
        ("NISHAN_PAGE_CACHE_RECHECK_SECONDS", "-1"),
        ("NISHAN_PAGE_CACHE_RECHECK_SECONDS", "61"),
    ],
)
def test_other_malformed_settings_name_themselves_and_show_an_example(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as stopped:
        load_settings()
    assert str(stopped.value).startswith(f"{name} is not usable")
    assert f"{name}=" in str(stopped.value)


def test_messages_show_a_database_url_without_its_password():
    database = parse_database_url("postgresql://nishan:s%40cret@db.example:6543/nishan")
    assert database.safe_url == "postgresql://nishan:***@db.example:6543/nishan"
    assert parse_database_url("sqlite:///x.db").safe_url == "sqlite:///x.db"
