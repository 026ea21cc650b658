"""The `govnews` command: wires crawler, cleaner, indexer, API and simulator together."""
