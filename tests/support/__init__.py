"""Test support: a real Elasticsearch node for the backend tests."""
