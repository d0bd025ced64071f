"""The Calendar area's models, dialogs and roster panel."""
