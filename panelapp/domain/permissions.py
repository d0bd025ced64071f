"""Who may do what: the app's permission roles and the actions they allow."""

from __future__ import annotations

from enum import StrEnum

from panelapp.domain.vocab import UserRole


class Permission(StrEnum):
    READ = "read"
    EDIT_SETTINGS = "edit_settings"
    MANAGE_USERS = "manage_users"
    EDIT_MEMBERS = "edit_members"
    SCHEDULE_MEETINGS = "schedule_meetings"
    EDIT_CASES = "edit_cases"
    EDIT_AGENDA = "edit_agenda"
    RECORD_OUTCOMES = "record_outcomes"  # attendance, recommendations, gradings
    # A case not heard because the panel was not quorate (administrators only: it sends the
    # case back to be booked again, and no recommendation can follow at that sitting).
    RECORD_NOT_HEARD = "record_not_heard"
    EDIT_MINUTES = "edit_minutes"
    SIGN_OFF_MINUTES = "sign_off_minutes"
    # Unlock final minutes for a correction: the panel's chair or an administrator, as the
    # database allows it (migration 0006's lock), not whoever may edit draft minutes.
    REOPEN_MINUTES = "reopen_minutes"
    RECORD_ADM = "record_adm"
    EDIT_REPORT = "edit_report"
    WRITE_CHAIR_COMMENTS = "write_chair_comments"
    IMPORT_DATA = "import_data"
    BACKUP = "backup"
    VIEW_AUDIT = "view_audit"
    # Read children's full names, to check a circulated document for them (the chairs write
    # the report and export it; on PostgreSQL viewers cannot read the column at all).
    CHECK_CHILDREN_NAMES = "check_children_names"


_ADVISER = frozenset(
    {
        Permission.READ,
        Permission.EDIT_CASES,
        Permission.EDIT_AGENDA,
        Permission.RECORD_OUTCOMES,
        Permission.EDIT_MINUTES,
        Permission.RECORD_ADM,
        Permission.EDIT_REPORT,
        Permission.SCHEDULE_MEETINGS,
        Permission.VIEW_AUDIT,
        Permission.CHECK_CHILDREN_NAMES,
    }
)

ROLE_PERMISSIONS: dict[UserRole, frozenset[Permission]] = {
    UserRole.ADMINISTRATOR: frozenset(Permission),
    UserRole.ADVISER: _ADVISER,
    UserRole.CHAIR: frozenset(
        {
            Permission.READ,
            Permission.SIGN_OFF_MINUTES,
            Permission.REOPEN_MINUTES,
            Permission.WRITE_CHAIR_COMMENTS,
            Permission.CHECK_CHILDREN_NAMES,
        }
    ),
    UserRole.VIEWER: frozenset({Permission.READ}),
}


def allows(role: UserRole | str, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[UserRole(role)]


def describe_refusal(role: UserRole | str, permission: Permission) -> str:
    action = permission.value.replace("_", " ")
    return f"Your role ({UserRole(role).value}) does not allow you to {action}. Ask a panel administrator."
