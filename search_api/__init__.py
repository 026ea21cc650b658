"""The govnews HTTP layer: JSON search API, CSV/RSS exports and the search page."""
