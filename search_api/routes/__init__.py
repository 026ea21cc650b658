"""One router per resource: search, articles, exports, health and the page."""
