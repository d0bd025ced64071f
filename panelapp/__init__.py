"""PanelApp: the adoption panel team's desktop application."""

__version__ = "0.1.0"
APP_NAME = "PanelApp"
ORG_NAME = "PanelApp"
