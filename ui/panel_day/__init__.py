"""Widgets of the Panel day area: attendance, a page per case, the minutes editor."""
