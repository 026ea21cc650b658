"""Tests for the portal simulator."""
