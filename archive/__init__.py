"""The raw WARC archive, the source of truth: one writer (the crawler's), one reader and one offset index."""
