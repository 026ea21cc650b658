"""Indexing: load articles into a search backend, reindex."""
