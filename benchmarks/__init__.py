"""Benchmarks of the active-learning engine; run as ``python -m benchmarks.NAME`` (each prints its figures and
ends with one JSON line)."""
