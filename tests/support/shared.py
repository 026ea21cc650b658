"""Where the team's shared material lives: ../shared beside the repository, or $GOVNEWS_SHARED."""

from __future__ import annotations

import os
from pathlib import Path

from core.settings import REPO_ROOT

SHARED = Path(os.environ.get("GOVNEWS_SHARED", REPO_ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
FIXTURE_SITE = Path(os.environ.get("GOVNEWS_FIXTURE_SITE", SHARED / "fixtures" / "sotttt-hanoi" / "site"))
