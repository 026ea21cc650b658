"""Spiders: one generic, config-driven portal spider."""
