"""Task names and queues, shared by the API (which sends by name) and the worker (which registers them)."""

ROUND_RUN = "radloop.round.run"

QUEUE_GPU = "gpu"
QUEUE_CPU = "cpu"

ROUTES = {ROUND_RUN: {"queue": QUEUE_GPU}}
