"""Nishan's settings, read from NISHAN_* environment variables.

One setting, NISHAN_DATABASE_URL, picks the store; it is translated here into eventsourcing's
persistence settings so that nobody has to know PERSISTENCE_MODULE or POSTGRES_*.
"""

from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from pydantic import ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SQLITE_EXAMPLE = "sqlite:///./nishan.db"
POSTGRES_EXAMPLE = "postgresql://nishan:secret@127.0.0.1:5432/nishan"


class SettingsError(ValueError):
    """A setting is malformed; the message names it and shows a valid example."""


@dataclass(frozen=True)
class Database:
    url: str
    sqlite_path: Path | None = None
    host: str = ""
    port: int = 5432
    user: str = ""
    password: str = ""
    name: str = ""
    # How long a command waits for another writer's lock (SQLite) or for a pooled connection
    # (PostgreSQL) before it is answered 503 `busy`. Not passed to PostgreSQL as
    # POSTGRES_LOCK_TIMEOUT: eventsourcing retries a timed-out insert ten times, and psycopg
    # then may mark a statement of the aborted pipeline as
    # prepared, which fails every later insert on that connection ("prepared statement
    # _pg3_3 does not exist").
    lock_wait_seconds: int = 10

    @property
    def is_sqlite(self) -> bool:
        return self.sqlite_path is not None

    @property
    def safe_url(self) -> str:
        """The URL with its password hidden, for messages and logs."""
        if not self.password:
            return self.url
        return self.url.replace(f":{quote(self.password, safe='')}@", ":***@", 1).replace(
            f":{self.password}@", ":***@", 1
        )

    def persistence_env(self) -> dict[str, str]:
        """eventsourcing's settings for this database."""
        if self.sqlite_path is not None:
            return {
                "PERSISTENCE_MODULE": "domain.persistence:PerApplicationSQLiteFactory",
                "SQLITE_DBNAME": str(self.sqlite_path),
                "SQLITE_LOCK_TIMEOUT": str(self.lock_wait_seconds),
            }
        return {
            "PERSISTENCE_MODULE": "domain.persistence:PostgresWithoutJitFactory",
            "POSTGRES_DBNAME": self.name,
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
            # Also how long a command waits for a free pooled connection: then 503 busy.
            "POSTGRES_CONNECT_TIMEOUT": str(self.lock_wait_seconds),
            "POSTGRES_POOL_SIZE": "2",
            "POSTGRES_MAX_OVERFLOW": "8",
            "POSTGRES_PRE_PING": "y",
            # A transaction idle this long is ended by the server, so that a stuck process
            # cannot hold locks for ever; long enough for a loaded machine's pauses.
            "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "30",
        }


def parse_database_url(url: str) -> Database:
    def bad(why: str) -> SettingsError:
        return SettingsError(
            f"NISHAN_DATABASE_URL={url!r} is not usable: {why}. Valid examples: "
            f"{SQLITE_EXAMPLE} (a file, the default) or {POSTGRES_EXAMPLE}."
        )

    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        if not path or path.endswith("/"):
            raise bad("it names no database file")
        return Database(url=url, sqlite_path=Path(path))
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise bad("it must start with sqlite:/// or postgresql://")
    try:
        port = parts.port or 5432
    except ValueError:
        raise bad("its port must be a number from 1 to 65535") from None
    name = parts.path.lstrip("/")
    if not parts.hostname:
        raise bad("it names no host")
    if not name:
        raise bad("it names no database after the host")
    if not parts.username:
        raise bad("it names no user (user@host)")
    return Database(
        url=url,
        host=parts.hostname,
        port=port,
        user=unquote(parts.username),
        password=unquote(parts.password or ""),
        name=name,
    )


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NISHAN_", extra="ignore")

    database_url: str = SQLITE_EXAMPLE
    public_base_url: str = "http://127.0.0.1:8000"
    certificate_validity_months: int = 12
    read_wait_seconds: float = 5.0  # how long a query waits for the views to reach a write
    page_cache_entries: int = 4096  # public answers kept while the views stand still; 0: none
    page_cache_recheck_seconds: float = 1.0  # a kept answer sent unread for so long; 0: never
    lock_wait_seconds: int = 10  # how long a command waits for a lock or a connection; then 503
    token_days: int = 90  # how long a bearer token works when its request does not say
    session_hours: int = 12  # a signed-in browser's session ends this long after sign-in
    session_idle_minutes: int = 60  # or sooner, after this long without a request
    # For crash tests only: the process stops itself (SIGSTOP) right after a command commits,
    # before its answer is made, so that a test can kill it exactly there.
    stop_after_commit: bool = False

    @field_validator("public_base_url")
    @classmethod
    def _origin(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("it must be an http:// or https:// origin")
        return value.rstrip("/")

    @field_validator("certificate_validity_months")
    @classmethod
    def _months(cls, value: int) -> int:
        if not 1 <= value <= 60:
            raise ValueError("it must be a whole number of months from 1 to 60")
        return value

    @field_validator("page_cache_entries")
    @classmethod
    def _entries(cls, value: int) -> int:
        if not 0 <= value <= 1_000_000:
            raise ValueError("it must be a whole number from 0 (no cache) to 1000000")
        return value

    @field_validator("page_cache_recheck_seconds")
    @classmethod
    def _recheck(cls, value: float) -> float:
        if not 0 <= value <= 60:
            raise ValueError("it must be a number of seconds from 0 (read every time) to 60")
        return value

    @field_validator("read_wait_seconds")
    @classmethod
    def _wait(cls, value: float) -> float:
        if not 0 <= value <= 60:
            raise ValueError("it must be a number of seconds from 0 to 60")
        return value

    @field_validator("lock_wait_seconds")
    @classmethod
    def _lock_wait(cls, value: int) -> int:
        if not 1 <= value <= 60:
            raise ValueError("it must be a whole number of seconds from 1 to 60")
        return value

    @field_validator("token_days")
    @classmethod
    def _token_days(cls, value: int) -> int:
        if not 1 <= value <= 3650:
            raise ValueError("it must be a whole number of days from 1 to 3650")
        return value

    @field_validator("session_hours")
    @classmethod
    def _session_hours(cls, value: int) -> int:
        if not 1 <= value <= 720:
            raise ValueError("it must be a whole number of hours from 1 to 720")
        return value

    @field_validator("session_idle_minutes")
    @classmethod
    def _session_idle(cls, value: int) -> int:
        if not 1 <= value <= 1440:
            raise ValueError("it must be a whole number of minutes from 1 to 1440")
        return value

    @property
    def secure_cookies(self) -> bool:
        """Cookies are sent over HTTPS only when Nishan is served over HTTPS."""
        return self.public_base_url.startswith("https://")

    @property
    def database(self) -> Database:
        return replace(
            parse_database_url(self.database_url), lock_wait_seconds=self.lock_wait_seconds
        )


EXAMPLES = {
    "public_base_url": "https://verify.nishan.pk",
    "certificate_validity_months": "12",
    "read_wait_seconds": "5",
    "page_cache_entries": "4096",
    "page_cache_recheck_seconds": "1",
    "lock_wait_seconds": "10",
    "token_days": "90",
    "session_hours": "12",
    "session_idle_minutes": "60",
}


def load_settings(**overrides: object) -> Settings:
    """Read and check the settings; any malformed one raises SettingsError that names it."""
    try:
        settings = Settings(**overrides)
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0])
        raise SettingsError(
            f"NISHAN_{field.upper()} is not usable: {first['msg'].removeprefix('Value error, ')}."
            f" A valid example: NISHAN_{field.upper()}={EXAMPLES.get(field, '')}"
        ) from None
    settings.database  # noqa: B018 - parse now, so a bad URL stops start-up
    return settings
