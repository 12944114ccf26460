"""Benchmarks: `python -m bench.nearby` (see bench/README.md)."""
