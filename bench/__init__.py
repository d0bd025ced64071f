"""Benchmarks: what users wait for, at three scales, against the fastest way to do the same work.

`python -m bench [--quick] [--pg]`; see bench/README.md. Not part of the test suite.
"""
