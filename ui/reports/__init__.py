"""Widgets of the Reports area: period picker, bar charts, figures and narrative editors."""
