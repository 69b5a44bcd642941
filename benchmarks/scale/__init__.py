"""Issue 16's load benchmark: a project of 100,000 patients on Postgres, 50 readers, a lead and an admin.

    python -m benchmarks.scale [--patients 100000] [--readers 50] [--duration 120] [--workers 2]
    python -m benchmarks.scale --sizes 1000,100000 [--scores-only 1000000]

``build`` writes with set-based SQL what real use would have left (one round closed, one published, their scores
and predictions, annotation versions, the ledger, the audit trail); ``server`` starts the API as the Dockerfile
does; ``locustfile`` replays the browser; ``load`` runs Locust and reads its statistics; ``growth`` times each
list's first page at several project sizes. The last line printed is JSON.
"""
