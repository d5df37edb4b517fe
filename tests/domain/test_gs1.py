"""GS1 identifiers: GTIN check digits and AI 10 lot numbers, against published examples."""

import pytest

from domain.traceability.gs1 import gtin14, is_valid_gtin, is_valid_lot_number


@pytest.mark.parametrize(
    "gtin",
    ["96385074", "036000291452", "4006381333931", "00036000291452"],
)
def test_published_gtins_are_valid(gtin):
    assert is_valid_gtin(gtin)


@pytest.mark.parametrize(
    "gtin",
    [
        "4006381333932",
        "036000291453",
        "9638507",
        "40063813339310",
        "400638133393X",
        "\u0664\u0660\u0660\u0666\u0663\u0668\u0661\u0663\u0663\u0663\u0669\u0663\u0661",
    ],
)
def test_a_wrong_check_digit_length_or_character_is_refused(gtin):
    assert not is_valid_gtin(gtin)


def test_a_gtin_is_carried_as_fourteen_digits():
    assert gtin14("036000291452") == "00036000291452"


@pytest.mark.parametrize("number", ["CSI-2611/FB5", "A", "x" * 20, "LOT_7;(B)"])
def test_lot_numbers_from_the_gs1_character_set(number):
    assert is_valid_lot_number(number)


@pytest.mark.parametrize("number", ["", "CSI 2611", "x" * 21, "Lot#1", "Lót-1", "A~B"])
def test_lot_numbers_outside_it_are_refused(number):
    assert not is_valid_lot_number(number)
