"""Statutory floors are not settings (issue 16): an agency may be stricter than the law, never looser.

AAR 2005 reg 6(1)-(2) as substituted in 2011: a panel is quorate with at least five members
(six for a joint panel). AAR 2005 reg 27(2)-(3) with the Independent Review of
Determinations (Adoption and Fostering) (England) Regulations 2009: 40 working days for
representations or an IRM application. The 2013 statutory guidance (ch 1, 3) sets the ADM's
7 working days and the notification targets of 2 and 5 working days.
"""

from __future__ import annotations

import pytest

from panelapp.domain.policy import AgencyPolicy
from panelapp.services import agency
from panelapp.services.agency import AgencyFileError, agency_policy
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, ValidationError

HEAD = '[agency]\nname = "Tiny Agency"\n\n[policy]\n'


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("quorum_min = 3", "the law requires at least 5 members (Adoption Agencies Regulations 2005, reg 6)"),
        ("adm_decision_wd = 10", "the law allows at most 7 working days"),
        ("sw_notification_wd = 3", "the law allows at most 2 working days"),
        ("written_confirmation_wd = 6", "the law allows at most 5 working days"),
        ("representations_wd = 10", "Fixed by law at 40 working days"),
    ],
)
def test_an_agency_file_cannot_lower_a_statutory_floor_and_is_refused_naming_the_line(
    empty_ctx: ServiceContext, line: str, why: str
) -> None:
    """AAR 2005 reg 6 and reg 27; statutory guidance 2013: refused at its line, nothing loaded."""
    with pytest.raises(AgencyFileError) as caught:
        agency.load_agency_text(empty_ctx, HEAD + "papers_deadline_wd = 8\n" + line + "\n")
    ((number, message),) = caught.value.problems
    assert number == 6 and why in message
    with pytest.raises(NotFound):  # nothing from the refused file was loaded
        agency_policy(empty_ctx)


def test_settings_refuse_a_quorum_below_five_and_keep_the_old_value(demo_ctx: ServiceContext) -> None:
    """AAR 2005 reg 6(1): at least five members."""
    before = agency_policy(demo_ctx).quorum_min
    with pytest.raises(ValidationError) as caught:
        agency.save_policy(demo_ctx, {"quorum_min": 4})
    assert "the law requires at least 5 members" in caught.value.field_errors["quorum_min"]
    assert agency_policy(demo_ctx).quorum_min == before


def test_an_agency_may_be_stricter_than_the_law(empty_ctx: ServiceContext) -> None:
    agency.load_agency_text(empty_ctx, HEAD + "quorum_min = 6\nadm_decision_wd = 5\n")
    policy = agency_policy(empty_ctx)
    assert (policy.quorum_min, policy.adm_decision_wd) == (6, 5)


def test_a_joint_panel_needs_six_under_the_statutory_default() -> None:
    """AAR 2005 reg 6(2): a joint panel is quorate with at least six members."""
    policy = AgencyPolicy()
    assert (policy.quorum().required, policy.quorum(joint=True).required) == (5, 6)
    assert not policy.quorum().require_independent  # the independent member is an agency rule


def test_the_representations_window_cannot_be_set_even_in_code() -> None:
    """AAR 2005 reg 27(2)-(3): 40 working days, not an argument of the policy."""
    with pytest.raises(TypeError):
        AgencyPolicy(representations_wd=10)  # type: ignore[call-arg]
    assert AgencyPolicy().representations_wd == 40
