"""Synthetic demo data for the national registry: `tadamon demo`, `make run`, benchmarks.

`generate_dataset(orgs, years, seed)` builds the data in memory (numpy,
deterministic from the seed); `load_demo_registry(actor, dataset)` writes it
in one transaction with its history. docs/demo-data.md says what the data
look like and on what basis.
"""
