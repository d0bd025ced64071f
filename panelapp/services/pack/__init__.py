"""The panel pack (issue 22): a sitting's papers checked, compiled, personalised, encrypted
and circulated, with the record of who holds which version."""

from __future__ import annotations

from panelapp.services.context import ServiceContext
from panelapp.services.pack.build import (
    PackResult,
    WrittenPack,
    new_password,
    write_addenda,
    write_addendum,
    write_pack,
    write_packs,
    write_private,
)
from panelapp.services.pack.circulation import (
    NOT_PERSONALISED,
    Holder,
    Recipient,
    confirm_destroyed,
    destruction_reminders,
    holder_by_email,
    recipients,
)
from panelapp.services.pack.contents import ItemInPack, pack_items
from panelapp.services.papers.scan import PackBlocked, ScanHit, ScanReport


def pack_status(ctx: ServiceContext, meeting_id: int) -> list[Holder]:
    """Everyone holding the sitting's pack, and the papers changed since theirs."""
    from panelapp.services.pack.circulation import holders

    return holders(ctx, meeting_id, pack_items(ctx, meeting_id))


__all__ = [
    "NOT_PERSONALISED",
    "Holder",
    "ItemInPack",
    "PackBlocked",
    "PackResult",
    "Recipient",
    "ScanHit",
    "ScanReport",
    "WrittenPack",
    "confirm_destroyed",
    "destruction_reminders",
    "holder_by_email",
    "new_password",
    "pack_items",
    "pack_status",
    "recipients",
    "write_addenda",
    "write_addendum",
    "write_pack",
    "write_packs",
    "write_private",
]
