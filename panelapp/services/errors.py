"""Typed errors every service raises; each message is written for a panel administrator."""

from __future__ import annotations


class ServiceError(Exception):
    """Base class: `str(error)` is shown to the user as it is."""


class ValidationError(ServiceError):
    """Input the rules refuse. `field_errors` maps a field (or 'row N') to its message."""

    def __init__(self, message: str, field_errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.field_errors = field_errors or {}


class PermissionDenied(ServiceError):
    """The signed-in role may not do this; nothing was changed."""


class ConflictError(ServiceError):
    """Someone else saved the same record first; nothing was overwritten."""

    def __init__(self, message: str, theirs: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.theirs = theirs or {}


class NotFound(ServiceError):
    """The record (or the agency) is not there, perhaps removed by someone else."""


class DatabaseUnusable(ServiceError):
    """The database cannot be opened: from a newer PanelApp, another program's, or not one at all."""


class ConnectionLost(ServiceError):
    """The database could not be reached; the change was not saved."""
