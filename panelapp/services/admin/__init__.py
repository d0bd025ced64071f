"""Administration: users and roles, the audit log, backups and retention.

This file is the area's public API: front ends import from here.
"""

from __future__ import annotations

from panelapp.services.admin.audit_log import (
    CSV_COLUMNS,
    AuditFilter,
    AuditRow,
    audit_choices,
    export_audit_csv,
    list_audit,
)
from panelapp.services.admin.audit_verify import ChainReport, verify_audit
from panelapp.services.admin.backups import (
    BACKUP_MARK,
    BackupError,
    BackupInfo,
    backup,
    inspect_backup,
    restore,
)
from panelapp.services.admin.retention import (
    FINISHED_STATUSES,
    REMOVED,
    RetentionItem,
    apply_retention,
    retention_preview,
)
from panelapp.services.admin.users import (
    USERNAME,
    UserRow,
    deactivate_user,
    list_users,
    save_user,
)

__all__ = [
    "BACKUP_MARK",
    "CSV_COLUMNS",
    "FINISHED_STATUSES",
    "REMOVED",
    "USERNAME",
    "AuditFilter",
    "AuditRow",
    "BackupError",
    "BackupInfo",
    "ChainReport",
    "RetentionItem",
    "UserRow",
    "apply_retention",
    "audit_choices",
    "backup",
    "deactivate_user",
    "export_audit_csv",
    "inspect_backup",
    "list_audit",
    "list_users",
    "restore",
    "retention_preview",
    "save_user",
    "verify_audit",
]
