"""Tests for crawler."""
