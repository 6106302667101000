from __future__ import annotations

import datetime

import pytest

#: A fixed "today" so results do not depend on the machine's clock.
TODAY = datetime.date(2026, 11, 30)


@pytest.fixture
def today() -> datetime.date:
    return TODAY
