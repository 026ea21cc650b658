"""Vietnam's time zone, declared once: every date govnews shows, buckets or compares is read in it."""

from __future__ import annotations

from zoneinfo import ZoneInfo

VN_TZ_NAME = "Asia/Ho_Chi_Minh"  # UTC+7 without daylight saving since 1975; Elasticsearch takes the name too
VN_TZ = ZoneInfo(VN_TZ_NAME)
