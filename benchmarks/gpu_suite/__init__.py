"""GPU evidence suite: issue 12's label-efficiency, Genesis and throughput evidence in one command, one budget.

    make install && .venv/bin/python -m benchmarks.gpu_suite

On a machine where the repository was copied without its virtual environment, any Python with torch, monai,
scipy, nibabel and Pillow installed runs it the same way from the repository root::

    python3 -m benchmarks.gpu_suite [--preset gpu|tiny] [--budget-s 570] [--out DIR] [--data-root DIR]

No argument is needed. With a CUDA GPU it runs the ``gpu`` preset (sized for one H200: 16 CPU cores, 139 GiB)
within ``--budget-s`` seconds of wall time (default 570, under a 10-minute slot); without one it runs the
``tiny`` preset (a minute or two on 2 cores) and says loudly that its numbers are not evidence. The datasets are
read from ``--data-root`` (default ``../shared/data`` next to the repository, else ``./shared/data``):
``polyp-cvc-clinicdb`` (2D, ``groups.csv`` keeps each video sequence in one split) and ``msd-hippocampus``.

Three phases, each with a share of the budget (:mod:`benchmarks.gpu_suite.budget`; time a phase leaves
unused goes to the later ones), each part's jobs in parallel processes stopped at the phase deadline
(:mod:`benchmarks.gpu_suite.jobs`):

1. (d) scoring throughput of every strategy in bf16 and fp32, CVC frames/s and MSD patients/s, against the
   naive MC-dropout baseline (:mod:`benchmarks.gpu_suite.throughput`);
2. (a) the 7-strategy CVC-ClinicDB comparison (random, entropy, mc_dropout, acft, unetpp_heads, coreset,
   hybrid) at 128 x 128, every training to a validation-Dice plateau, 5 seeds; side by side with (c) Models
   Genesis on vs off on MSD hippocampus at <= 10 labelled patients, paired per seed with bootstrap intervals;
3. (b) MSD hippocampus with the two strategies of largest AULC in (a) plus random, 5 seeds.

Outputs in ``--out`` (default ``benchmarks/results/gpu/``; the tiny preset ``benchmarks/results/gpu/tiny/``):
``comparison_cvc.json/.png`` and ``hippocampus.json/.png`` shaped like ``benchmarks.label_efficiency``'s
results (plus ``complete``, ``missing`` and the jobs' outcomes), ``genesis.json``, ``throughput.json``, ``logs/``
(one per job) and ``suite.json`` (device name, torch version, precision, wall time per phase and part, every
part's summary). The last printed line is the suite's summary as JSON.
"""

from benchmarks.gpu_suite.suite import main

__all__ = ["main"]
