"""The next case reference offered on a new case, from the agency's own pattern (issue 20)."""

from __future__ import annotations

from panelapp import clock
from panelapp.services import cases
from panelapp.services.cases import propose_reference
from panelapp.services.context import ServiceContext
from tests.services.cases.support import new_case


def test_a_running_number_continues_across_years_for_this_year() -> None:
    """2026-00212 then 2027-00213…00228 (booked ahead): in 2026 the next free number is 00229."""
    refs = ["NRAA-2025-00027", "NRAA-2026-00028", "NRAA-2026-00212", "NRAA-2027-00213", "NRAA-2027-00228"]
    assert propose_reference(refs, 2026) == "NRAA-2026-00229"


def test_a_number_that_starts_again_each_year_starts_again() -> None:
    refs = ["AP/2025/014", "AP/2025/015", "AP/2026/001", "AP/2026/014"]
    assert propose_reference(refs, 2026) == "AP/2026/015"
    assert propose_reference(refs, 2027) == "AP/2027/001"


def test_references_without_a_year_and_an_empty_register() -> None:
    assert propose_reference(["KCC-0098", "KCC-0099"], 2026) == "KCC-0100"
    assert propose_reference([], 2026, "NRAA") == "NRAA-2026-00001"
    assert propose_reference([], 2026, "") == ""
    assert propose_reference(["odd one"], 2026, "NRAA") == "NRAA-2026-00001"


def test_the_offer_skips_a_reference_already_taken() -> None:
    refs = ["X-2026-0007", "X-2026-0009"]  # 0008 free but after the highest comes 0010
    assert propose_reference([*refs, "X-2026-0010"], 2026) == "X-2026-0011"


def test_the_demo_agency_is_offered_the_next_free_reference(demo_ctx: ServiceContext) -> None:
    offered = cases.next_reference(demo_ctx)
    year = clock.today().year
    assert offered.startswith(f"NRAA-{year}-")
    existing = {c.reference for c in cases.list_cases(demo_ctx)}
    assert offered not in existing
    highest = max(int(r.rsplit("-", 1)[1]) for r in existing if r.startswith("NRAA-"))
    assert int(offered.rsplit("-", 1)[1]) == highest + 1
    new_case(demo_ctx, offered, "approval")  # taking it moves the offer on
    assert cases.next_reference(demo_ctx) != offered
