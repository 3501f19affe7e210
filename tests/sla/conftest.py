from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
import time_machine

from sla.deadlines import LONDON

MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)


@pytest.fixture
def clock_at() -> Iterator[time_machine.Coordinates]:
    """Time stands still on Monday 23 November 2026 at 10:00 (London); move it with .move_to()."""
    with time_machine.travel(MONDAY_10AM, tick=False) as traveller:
        yield traveller
