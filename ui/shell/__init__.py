"""The window around the areas: start-up, main window, view registry, background jobs, messages."""
