"""Home: the overview, what needs attention, and search across the agency.

This file is the area's public API: front ends import from here.
"""

from __future__ import annotations

from panelapp.services.home.attention import (
    AttentionCounts,
    attention_counts,
)
from panelapp.services.home.headlines import (
    Overview,
    SittingRow,
    overview,
)
from panelapp.services.home.search import (
    SearchHit,
    global_search,
)

__all__ = [
    "AttentionCounts",
    "Overview",
    "SearchHit",
    "SittingRow",
    "attention_counts",
    "global_search",
    "overview",
]
