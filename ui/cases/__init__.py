"""Widgets of the Cases & Agenda area: register model, case dialog, booking, agenda builder."""
