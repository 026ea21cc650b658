"""Reproducible speed and quality runs, each reporting ratios against a named baseline in the same run."""
