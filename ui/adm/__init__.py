"""The ADM tracker area: its tree model and dialogs and its view (view.py)."""
