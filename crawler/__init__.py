"""Scrapy-based polite crawler: config-driven spider, WARC archive, SQLite crawl state, extract+index pipeline."""
