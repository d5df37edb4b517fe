"""Lot numbers (GS1 AI 10) for lots made from others, when the exporter gives none.

Nishan derives them from the lot they came from, so that a carton's number still says where it
belongs:
- a split of lot `L-1` makes `L-1-1`, `L-1-2`, … counting on from the lots made from `L-1`
  before (a second split of it goes on at `L-1-3`);
- a merge makes `<first input's number>-M1` (then `-M2`, … if taken);
- a transformation makes `<first input's number>-T1`, `-T2`, … one per output;
and where there is no number to start from (an input numbered by no one), or the result would
exceed AI 10's 20 characters, `S-`, `M-` or `T-` and the first 8 hexadecimal digits of the new
lot's id (`T-3F2A9C41`), longer if those are taken.

Each candidate is only a proposal: the application takes the first that neither the exporter
already holds nor another new lot of the same command takes, and claims it with the lot
(domain/unique_claim.py), which is what makes it unique.
"""

from collections.abc import Iterator
from itertools import count
from uuid import UUID

from domain.traceability.gs1 import is_valid_lot_number

PREFIX = {"split": "S", "merge": "M", "transform": "T"}
SUFFIX = {"split": "", "merge": "M", "transform": "T"}


def derived_numbers(process: str, base: str, start: int) -> Iterator[str]:
    """Numbers after `base` for lots made by `process`, from the `start`-th on: endless, or
    none at all when they would not be valid AI 10 numbers (then see `own_numbers`)."""
    if not base:
        return
    for k in count(start):
        number = f"{base}-{SUFFIX[process]}{k}"
        if not is_valid_lot_number(number):
            return  # too long now, and longer from here on
        yield number


def own_numbers(process: str, lot_id: UUID) -> Iterator[str]:
    """A number from the new lot's own id, for a lot with nothing to derive one from."""
    digits = lot_id.hex.upper()
    for length in range(8, 19):  # at most 20 characters with the prefix
        yield f"{PREFIX[process]}-{digits[:length]}"
