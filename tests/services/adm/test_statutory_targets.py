"""The ADM's 7 working days and the 2 / 5-day notifications may be made stricter, never looser,
and the 40-working-day representations window is not a setting at all (issue 16).

Sources: statutory guidance 2013, chapter 3 (the ADM's decision within 7 working days of the
final minutes; the social worker told within 2, the applicants in writing within 5);
AAR 2005 reg 30B(5)(c) (40 working days).
"""

from __future__ import annotations

import pytest

from panelapp.services import agency
from panelapp.services.agency import AgencyFileError, agency_policy
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError

TARGETS = {"adm_decision_wd": 7, "sw_notification_wd": 2, "written_confirmation_wd": 5}
HEAD = '[agency]\nname = "Tiny Agency"\n\n[policy]\n'


@pytest.mark.parametrize(("key", "ceiling"), TARGETS.items())
def test_settings_take_a_stricter_target_and_refuse_a_looser_one(
    demo_ctx: ServiceContext, key: str, ceiling: int
) -> None:
    agency.save_policy(demo_ctx, {key: ceiling - 1})
    assert getattr(agency_policy(demo_ctx), key) == ceiling - 1
    with pytest.raises(ValidationError) as refused:
        agency.save_policy(demo_ctx, {key: ceiling + 1})
    assert f"at most {ceiling} working days" in refused.value.field_errors[key]
    assert getattr(agency_policy(demo_ctx), key) == ceiling - 1  # nothing written


@pytest.mark.parametrize(("key", "ceiling"), TARGETS.items())
def test_an_agency_file_with_a_looser_target_is_refused_naming_the_line(
    empty_ctx: ServiceContext, key: str, ceiling: int
) -> None:
    with pytest.raises(AgencyFileError) as refused:
        agency.load_agency_text(empty_ctx, HEAD + f"{key} = {ceiling + 3}\n")
    ((line, message),) = refused.value.problems
    assert line == 5 and message.startswith(key) and f"at most {ceiling}" in message


def test_the_representations_window_cannot_be_set(
    demo_ctx: ServiceContext, empty_ctx: ServiceContext
) -> None:
    for value in (10, 60):
        with pytest.raises(ValidationError) as refused:
            agency.save_policy(demo_ctx, {"representations_wd": value})
        assert "Fixed by law at 40 working days" in refused.value.field_errors["representations_wd"]
        with pytest.raises(AgencyFileError):
            agency.load_agency_text(empty_ctx, HEAD + f"representations_wd = {value}\n")
    assert agency_policy(demo_ctx).representations_wd == 40
