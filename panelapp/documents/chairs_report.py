"""The six-monthly chairs' report as a document: its title and its blocks in order.

The blocks (headings, paragraphs, tables, charts) are decided once, by the reports service,
so the Word and PDF documents cannot drift apart. The layout follows domain.md: sections 1
to 12 and Appendix A.
"""

from __future__ import annotations

from dataclasses import dataclass

from panelapp.documents.blocks import Block
from panelapp.domain import report_figures as fig

REPORT_TITLE = "Adoption Panel Chairs' Report"
APPENDIX_HEADING = "Appendix A: membership of the central list"
APPENDIX_B_HEADING = "Appendix B: how each figure is counted"


@dataclass(frozen=True)
class ReportDocument:
    agency_name: str
    marking: str
    blocks: tuple[Block, ...]
    title: str = REPORT_TITLE

    @staticmethod
    def contents_lines() -> list[str]:
        """The sections in order, for a contents page that cannot be built from headings."""
        return [*(f"{n}. {fig.section_title(n)}" for n in range(1, 13)), APPENDIX_HEADING, APPENDIX_B_HEADING]
