"""The Word templates PanelApp ships in resources/templates, built here so they can be rebuilt.

`python -m panelapp.exports.docx.templates` writes base.docx, agenda.docx, minutes.docx and
report.docx: A4, the margins of an English local-authority document (2.5 cm top and bottom,
2 cm sides), Arial 11 pt body text, headings kept with what follows, a grid table style and
a caption style. An agency may replace any of them with its own (same style names); the
renderers keep the template's page set-up and styles and only fill in the text.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt, RGBColor

from panelapp.paths import template

TEMPLATES = ("base.docx", "agenda.docx", "minutes.docx", "report.docx")
BODY_FONT = "Arial"
HEADING_COLOUR = RGBColor(0x1F, 0x3A, 0x5F)


def build_template(out: Path) -> Path:
    doc = Document()
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.top_margin = section.bottom_margin = Cm(2.5)
        section.left_margin = section.right_margin = Cm(2.0)
        section.header_distance = section.footer_distance = Cm(1.2)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, Pt(11)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Title", 18), ("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 11)):
        style = styles[name]
        style.font.name, style.font.size, style.font.bold = BODY_FONT, Pt(size), True
        style.font.color.rgb = HEADING_COLOUR
        style.paragraph_format.keep_with_next = True  # never a heading alone at a page's foot
        style.paragraph_format.space_before = Pt(10 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(4)
    caption = styles["Caption"]
    caption.font.name, caption.font.size, caption.font.italic = BODY_FONT, Pt(9), True
    for name in ("Header", "Footer"):
        styles[name].font.name, styles[name].font.size = BODY_FONT, Pt(9)
    core = doc.core_properties
    core.author, core.title, core.comments, core.last_modified_by = "", "", "", ""
    doc.save(str(out))
    return out


def main() -> int:
    for name in TEMPLATES:
        print(build_template(template(name)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
