"""Batch deduplication of the registry with Splink (DuckDB backend).

- `features`: one row per organization, names read into cross-script keys,
  identifiers cleaned, as an Arrow table (from the database or a demo dataset);
- `model`: the Splink settings (blocking rules, comparisons, fixed priors) and
  the baseline on raw names;
- `pipeline`: train, predict, cluster; returns scored pairs;
- `evaluation`: precision and recall against the demo generator's truth.

The command (`tadamon dedup`) and the benchmark run the same `pipeline.score`;
writing the review flags is `identity.services.raise_batch_flags`.
"""
