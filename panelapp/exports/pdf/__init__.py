"""PDF documents (reportlab), A4, with the agency name and marking on every page."""
