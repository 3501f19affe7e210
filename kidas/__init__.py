"""Plumbing at the bottom of the layers: environment, errors, API base, database helpers, the queue,
the page runner (ARCHITECTURE.md). The project's wiring is `config`."""
