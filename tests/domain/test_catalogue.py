"""The checklist catalogue is data; these checks keep every published version well formed."""

import pytest

from domain.errors import NotFound
from domain.inspections.catalogue import catalogue, current_version, versions

REQUIRED_CLUSTERS = {"CL", "FL", "FA", "DH", "WB", "WT", "OSH", "CR", "GR", "EN"}
REFERRAL_BODIES = {"district_vigilance_committee", "fia", "child_labour_unit"}
ILO_FORCED_LABOUR_INDICATORS = {
    "Abuse of vulnerability",
    "Deception about the work or its conditions",
    "Restriction of workers' movement",
    "Isolation of workers",
    "Physical or sexual violence",
    "Intimidation and threats",
    "Retention of identity documents",
    "Withholding of wages",
    "Debt bondage (peshgi or other advances tying workers)",
    "Abusive working and living conditions",
    "Excessive overtime imposed under menace of penalty",
}


@pytest.mark.parametrize("version", versions())
def test_every_version_is_well_formed(version):
    checklist = catalogue(version)
    assert checklist.version == version
    assert {c.code for c in checklist.clusters} >= REQUIRED_CLUSTERS
    codes = [i.code for c in checklist.clusters for i in c.indicators]
    assert len(codes) == len(set(codes)), "indicator codes must be unique"
    for cluster in checklist.clusters:
        for indicator in cluster.indicators:
            assert indicator.code.startswith(f"{cluster.code}-")
            assert indicator.title and indicator.pakistan_law
            if indicator.zero_tolerance:
                assert indicator.referral in REFERRAL_BODIES, indicator.code
            else:
                assert indicator.referral is None, indicator.code


def test_the_current_version_covers_the_ilo_forced_labour_indicators_and_recruitment_fees():
    forced = next(c for c in catalogue(current_version()).clusters if c.code == "FL")
    titles = {i.title for i in forced.indicators}
    assert titles >= ILO_FORCED_LABOUR_INDICATORS
    assert any("Recruitment fees" in t for t in titles)
    child = next(c for c in catalogue(current_version()).clusters if c.code == "CL")
    assert all(i.referral == "child_labour_unit" for i in child.indicators if i.zero_tolerance)


def test_an_unknown_version_is_not_found():
    with pytest.raises(NotFound) as missing:
        catalogue("1999.1")
    assert missing.value.code == "catalogue_version_not_found"
