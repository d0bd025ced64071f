"""Children's identities stay in PanelApp: circulated text names them by initials only.

The minutes, the ADM's email draft and its case extract all pass free text (typed by the
panel adviser or the chair) through `scrub_children` before it leaves the app.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MIN_NAME_LENGTH = 2  # a one-letter "name" would replace every lone letter in the text


def scrub_children(text: str, children: Iterable[tuple[str, str]]) -> str:
    """`text` with each child's full name, then given name, replaced by their initials.

    `children` holds (full name, initials) pairs; matching ignores case and whole words only,
    so "Rosie" goes but "Rosier" stays.
    """
    for full_name, initials in children:
        names = [full_name.strip(), *full_name.split()[:1]] if full_name.strip() else []
        for name in names:
            if len(name) >= MIN_NAME_LENGTH:
                text = re.sub(rf"\b{re.escape(name)}\b", initials, text, flags=re.IGNORECASE)
    return text
