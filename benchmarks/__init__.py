"""Benchmarks of the active-learning engine (``worker/ml``); run as ``python -m benchmarks.NAME`` (each prints its
figures and ends with one JSON line). Benchmarks of the running product (they boot the API, a worker or a browser)
are in ``benchmarks/system``."""
