"""First-run wizard: where the data lives and how the agency is set up."""
