"""Local portal sites in several Vietnamese platform styles, for the demo, tests and benchmarks."""
