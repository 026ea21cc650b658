"""A running simulator shared by the HTTP tests of this package."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from simulator.server import SimulatorServer

SLOW_DELAY = 0.4


@pytest.fixture(scope="package")
def server() -> Iterator[SimulatorServer]:
    with SimulatorServer(count=1200, seed=3, slow_delay=SLOW_DELAY) as srv:
        yield srv
