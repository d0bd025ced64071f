"""Home: the agency at a glance."""
