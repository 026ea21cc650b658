"""The item the spider hands to the pipeline: one raw article page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class RawPage:
    """An article page as downloaded: URL, body bytes, source id and fetch time."""

    url: str
    body: bytes = field(repr=False)
    source_id: str | None
    fetched_at: datetime
    status: int = 200
    requested_url: str | None = None  # before redirects; the state DB's key
