"""Benchmarks of the running product: they migrate a database, boot the API (uvicorn or a TestClient), run worker
task bodies or drive Chromium, so they measure the system around the engine rather than the engine itself. Run as
``python -m benchmarks.system.NAME``; each ends with one JSON line."""
