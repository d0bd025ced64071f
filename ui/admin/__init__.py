"""Administration: the audit log, users and roles, retention."""
