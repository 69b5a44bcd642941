"""Job kinds, their task names and queues: shared by the API (which sends by name) and the worker (which registers
the tasks). ``JOB_KINDS`` is the one table a new kind of job is added to (see ``backend.jobs.lifecycle``).

``gpu`` holds the long GPU jobs (Genesis pre-training, training, scoring: one worker process per GPU);
``cpu`` is for host-side ones (conversions, exports): PACS imports run there.
"""

from __future__ import annotations

from typing import NamedTuple

QUEUE_GPU = "gpu"
QUEUE_CPU = "cpu"
QUEUES = (QUEUE_GPU, QUEUE_CPU)

# ``jobs.kind`` values.
ROUND_JOB = "round"
# The simulated random-selection baseline of a project (trains like a round, so it runs on the gpu queue).
SIMULATION_JOB = "simulate_random"
# Studies retrieved from the project's PACS over DICOMweb and imported (network and CPU, no GPU).
PACS_IMPORT_JOB = "pacs_import"
# A patient's accepted label stored in the project's PACS as a DICOM SEG (send_on_accept), off the request.
SEG_SEND_JOB = "seg_send"
# The project's Models Genesis backbone, pre-trained as soon as images are imported so the first round need not.
PRETRAIN_JOB = "genesis_pretrain"
# A reviewed case's agreement figures and consensus, measured off the request (backend.review.jobs).
REVIEW_READS_JOB = "review_reads"

ROUND_RUN = "radloop.round.run"
SIMULATE_RANDOM = "radloop.simulate.random"
PACS_IMPORT = "radloop.pacs.import"
SEG_SEND = "radloop.seg.send"
PRETRAIN = "radloop.genesis.pretrain"
REVIEW_READS = "radloop.review.reads"


class JobKind(NamedTuple):
    task: str  # the Celery task name the worker registers
    queue: str


JOB_KINDS: dict[str, JobKind] = {
    ROUND_JOB: JobKind(ROUND_RUN, QUEUE_GPU),
    SIMULATION_JOB: JobKind(SIMULATE_RANDOM, QUEUE_GPU),
    PACS_IMPORT_JOB: JobKind(PACS_IMPORT, QUEUE_CPU),
    SEG_SEND_JOB: JobKind(SEG_SEND, QUEUE_CPU),
    PRETRAIN_JOB: JobKind(PRETRAIN, QUEUE_GPU),
    REVIEW_READS_JOB: JobKind(REVIEW_READS, QUEUE_CPU),
}
# The task that runs a job of each ``jobs.kind``; the recovery sweep re-enqueues a dead worker's job with it.
JOB_TASKS = {kind: entry.task for kind, entry in JOB_KINDS.items()}
# Celery routing, by exact task name: only tasks that exist are routed.
ROUTES = {entry.task: {"queue": entry.queue} for entry in JOB_KINDS.values()}
