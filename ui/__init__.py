"""PySide6 front end: main window, one view per area, Qt item models, dialogs, workers."""
