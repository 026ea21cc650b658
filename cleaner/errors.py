"""The cleaner's one exception: a page that must not be indexed."""

from __future__ import annotations


class NotAnArticle(ValueError):
    """An error page served with HTTP 200, a listing/category page, or a page with no usable body."""
