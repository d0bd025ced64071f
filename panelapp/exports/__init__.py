"""Word, PDF, calendar and spreadsheet exports."""
