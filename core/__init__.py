"""The shared kernel: models, settings and config loading that every stage uses (imports no stage)."""
