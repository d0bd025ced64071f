"""Renderers only: each takes a document (panelapp.documents) and a path and returns the path.

files.py is the one writer (whole or nothing) and writes CSV, XLSX and JSON; docx/ and pdf/
draw the same documents as Word and PDF, with the agency's marking on every page; ics.py,
eml.py and charts.py draw calendar files, email drafts and bar charts. Nothing here opens the
database or calls a service: the use cases in panelapp.services gather the data and call these.
"""
