"""Use cases: the only code that opens a transaction and checks a permission."""
