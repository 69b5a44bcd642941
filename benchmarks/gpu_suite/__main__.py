"""``python -m benchmarks.gpu_suite``; the guard matters: the suite's spawned workers import this module too."""

from benchmarks.gpu_suite.suite import main

if __name__ == "__main__":
    main()
