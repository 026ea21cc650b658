"""Search backends: embedded tantivy and Elasticsearch."""
