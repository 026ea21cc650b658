"""Legacy 8-bit Vietnamese (TCVN3/ABC, VNI) shown as Latin-1: detect and convert via the tables in legacy_tables."""

from __future__ import annotations


def repair_legacy(text: str) -> str:
    """Convert TCVN3 or VNI text read as Latin-1 back to Unicode; other text is returned unchanged."""
    return text
