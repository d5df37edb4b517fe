"""The checklist catalogue: clusters of indicators that inspections find against.

It is data, not code: each version is a JSON file in `catalogues/`, published by the National
Compliance Center and corrected by publishing a new version. An inspection records the version
it used, so its findings keep the meaning they had on the day.
"""

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from domain.errors import DomainError, NotFound
from domain.inspections.severity import Severity


class UnknownIndicator(DomainError):
    code = "unknown_indicator"


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    cluster: str
    severity: Severity  # the default; an inspector may grade a finding otherwise
    zero_tolerance: bool
    ilo: str
    pakistan_law: str
    referral: str | None  # the body a zero-tolerance finding is referred to


@dataclass(frozen=True)
class Cluster:
    code: str
    title: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Catalogue:
    version: str
    published_on: date
    note: str
    clusters: tuple[Cluster, ...]

    def indicator(self, code: str) -> Indicator:
        for cluster in self.clusters:
            for indicator in cluster.indicators:
                if indicator.code == code:
                    return indicator
        raise UnknownIndicator(
            f"'{code}' is not an indicator of checklist version {self.version}; "
            "see /catalogue for the codes."
        )


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


@cache  # the versions ship with the release: listing them once is enough
def versions() -> tuple[str, ...]:
    """Every published version, oldest first."""
    files = resources.files(__package__).joinpath("catalogues").iterdir()
    return tuple(
        sorted(
            (f.name.removesuffix(".json") for f in files if f.name.endswith(".json")),
            key=_version_key,
        )
    )


def current_version() -> str:
    return versions()[-1]


@cache
def catalogue(version: str) -> Catalogue:
    if version not in versions():
        raise NotFound(
            f"There is no checklist version {version}; the versions are: {', '.join(versions())}.",
            code="catalogue_version_not_found",
        )
    path = resources.files(__package__).joinpath("catalogues", f"{version}.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return Catalogue(
        version=data["version"],
        published_on=date.fromisoformat(data["published_on"]),
        note=data["note"],
        clusters=tuple(
            Cluster(
                code=c["code"],
                title=c["title"],
                indicators=tuple(
                    Indicator(
                        code=i["code"],
                        title=i["title"],
                        cluster=c["code"],
                        severity=Severity(i["severity"]),
                        zero_tolerance=i["zero_tolerance"],
                        ilo=i["ilo"],
                        pakistan_law=i["pakistan_law"],
                        referral=i["referral"],
                    )
                    for i in c["indicators"]
                ),
            )
            for c in data["clusters"]
        ),
    )


@cache
def cluster_title(code: str) -> str:
    """A cluster's title in the latest version that has it; its code if none does."""
    for version in reversed(versions()):
        for cluster in catalogue(version).clusters:
            if cluster.code == code:
                return cluster.title
    return code
