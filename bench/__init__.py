"""Benchmarks: `python -m bench.<name> [--size N]`, each printing its ratio to a floor measured in the same run."""
