"""Indexer and backend tests."""
