"""The ADM tracker area: its tree model and dialogs (the view is ui/views/adm.py)."""
