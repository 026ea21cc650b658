"""The cleaner's one exception: a page that must not be indexed."""

from __future__ import annotations


class NotAnArticle(ValueError):
    """An error page served with HTTP 200, a listing/category page, or a page with no usable body.

    `kind` says what the page is instead: "listing" (it lists other pages) or "other".
    """

    def __init__(self, message: str, kind: str = "other") -> None:
        super().__init__(message)
        self.kind = kind
