"""Task names and queues, shared by the API (which sends by name) and the worker (which registers them).

``gpu`` holds the long GPU jobs (Genesis pre-training, training, scoring: one worker process per GPU);
``cpu`` holds the short host-side ones (ingestion conversions, exports). Routing is by task name.
"""

ROUND_RUN = "radloop.round.run"
# The simulated random-selection baseline of a project (trains like a round, so it runs on the gpu queue).
SIMULATE_RANDOM = "radloop.simulate.random"

QUEUE_GPU = "gpu"
QUEUE_CPU = "cpu"
QUEUES = (QUEUE_GPU, QUEUE_CPU)

ROUTES = {
    "radloop.round.*": {"queue": QUEUE_GPU},
    "radloop.pretrain.*": {"queue": QUEUE_GPU},
    "radloop.simulate.*": {"queue": QUEUE_GPU},
    "radloop.ingest.*": {"queue": QUEUE_CPU},
    "radloop.export.*": {"queue": QUEUE_CPU},
}

# The task that runs a job of each ``jobs.kind``; the recovery sweep re-enqueues a dead worker's job with it.
JOB_TASKS = {"round": ROUND_RUN, "simulate_random": SIMULATE_RANDOM}
