"""The Settings area's tabs: agency, policy, local authorities and ADMs, panels, closure days."""
