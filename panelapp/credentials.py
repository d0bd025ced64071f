"""Database passwords live in the operating system's keyring, never in a file or a log.

The keyring sits behind a small interface so tests (and machines without a keyring)
use an in-memory store instead.
"""

from __future__ import annotations

import contextlib
from typing import Protocol

from sqlalchemy.engine import make_url

SERVICE = "PanelApp database"


class CredentialStore(Protocol):
    def get(self, account: str) -> str | None: ...
    def set(self, account: str, password: str) -> None: ...
    def delete(self, account: str) -> None: ...


class KeyringStore:
    """The OS keyring (Windows Credential Manager, macOS Keychain, Secret Service)."""

    def get(self, account: str) -> str | None:
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(SERVICE, account)
        except KeyringError:
            return None

    def set(self, account: str, password: str) -> None:
        import keyring
        from keyring.errors import KeyringError

        try:
            keyring.set_password(SERVICE, account, password)
        except KeyringError as exc:
            raise RuntimeError(
                "This computer has no password store (keyring) PanelApp can use, so the "
                "password cannot be remembered. You will be asked for it each time."
            ) from exc

    def delete(self, account: str) -> None:
        import keyring
        from keyring.errors import KeyringError

        with contextlib.suppress(KeyringError):
            keyring.delete_password(SERVICE, account)


class MemoryStore:
    def __init__(self) -> None:
        self._items: dict[str, str] = {}

    def get(self, account: str) -> str | None:
        return self._items.get(account)

    def set(self, account: str, password: str) -> None:
        self._items[account] = password

    def delete(self, account: str) -> None:
        self._items.pop(account, None)


store: CredentialStore = KeyringStore()


def account_for(url: str) -> str:
    parsed = make_url(url)
    return f"{parsed.username}@{parsed.host}:{parsed.port or 5432}/{parsed.database}"


def url_without_password(url: str) -> str:
    """What may be saved in settings or shown on screen."""
    return make_url(url).set(password=None).render_as_string(hide_password=False)


def remember_password(url: str, password: str) -> None:
    store.set(account_for(url), password)


def url_with_password(url: str) -> str:
    """The URL to connect with: the keyring's password added when the URL has none."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql" or parsed.password or not parsed.username:
        return url
    password = store.get(account_for(url))
    if password is None:
        return url
    return parsed.set(password=password).render_as_string(hide_password=False)
