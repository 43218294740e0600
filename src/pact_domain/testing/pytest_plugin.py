"""The pytest plugin of pact-domain (active wherever pact-domain is installed).

It is registered through the ``pytest11`` entry point, so a project that
installs ``pact-domain`` and ``pytest`` gets these fixtures without any
configuration:

``pact_clock``
    a :class:`~pact_domain.testing.StepClock` (2024-01-01T00:00Z, one second
    per reading);
``pact_app``
    an in-memory :class:`~pact_domain.application.PactApplication` on that
    clock;
``pact_sqlite_path``
    the path of a fresh SQLite file in the test's temporary directory;
``pact_sqlite_app``
    an application on that file (closed after the test);
``pact_scenario``
    a :class:`~pact_domain.testing.Scenario` on ``pact_app``;
``given_when_then``
    :func:`~pact_domain.testing.given_when_then` bound to ``pact_app``.

It also registers the Hypothesis profiles ``pact-fast`` and ``pact-ci`` and
loads one at start-up: the one named by ``HYPOTHESIS_PROFILE``; else, unless
the project loaded its own profile, ``pact-ci`` when ``CI`` is set and
``pact-fast`` otherwise.  ``--hypothesis-profile`` on the command line
always wins.  Set ``PACT_HYPOTHESIS_PROFILES=0`` to leave profiles alone.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from hypothesis.errors import InvalidArgument

from pact_domain.application import PactApplication
from pact_domain.testing._clock import StepClock, new_application
from pact_domain.testing._profiles import (
    PROFILE_CI,
    PROFILE_FAST,
    choose_profile,
    register_profiles,
)
from pact_domain.testing.gwt import Scenario
from pact_domain.testing.gwt import given_when_then as _gwt

__all__ = [
    "given_when_then",
    "pact_app",
    "pact_clock",
    "pact_scenario",
    "pact_sqlite_app",
    "pact_sqlite_path",
]

_chosen: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    """Register the profiles and load the one the environment asks for."""
    global _chosen
    register_profiles()
    if os.environ.get("PACT_HYPOTHESIS_PROFILES", "1").strip() in ("0", "false"):
        return
    if config.getoption("--hypothesis-profile", None):
        return
    name = choose_profile(os.environ, settings.get_current_profile_name())
    if name is None:
        return
    try:
        settings.load_profile(name)
    except InvalidArgument:
        raise pytest.UsageError(
            f"HYPOTHESIS_PROFILE={name!r} names no registered Hypothesis profile "
            f"(pact-domain registers {PROFILE_FAST!r} and {PROFILE_CI!r})"
        ) from None
    _chosen = name


def pytest_report_header(config: pytest.Config) -> str | None:
    """Say which profile pact-domain loaded."""
    if _chosen is None:
        return None
    return f"pact-domain: hypothesis profile {_chosen!r}"


@pytest.fixture
def pact_clock() -> StepClock:
    """A clock that starts at 2024-01-01T00:00Z and advances one second per
    reading."""
    return StepClock()


@pytest.fixture
def pact_app(pact_clock: StepClock) -> Iterator[PactApplication]:
    """An in-memory application with a fixed-step clock."""
    app = new_application(clock=pact_clock)
    yield app
    app.close()


@pytest.fixture
def pact_sqlite_path(tmp_path: Path) -> Path:
    """The path of a fresh SQLite store file (not created yet)."""
    return tmp_path / "pact.db"


@pytest.fixture
def pact_sqlite_app(
    pact_sqlite_path: Path, pact_clock: StepClock
) -> Iterator[PactApplication]:
    """An application on a temporary SQLite file; closed after the test."""
    app = new_application(pact_sqlite_path, clock=pact_clock)
    yield app
    app.close()


@pytest.fixture
def pact_scenario(pact_app: PactApplication) -> Scenario:
    """A given/when/then :class:`~pact_domain.testing.Scenario` on ``pact_app``."""
    return Scenario(pact_app)


@pytest.fixture
def given_when_then(pact_app: PactApplication) -> Callable[..., Any]:
    """:func:`pact_domain.testing.given_when_then` bound to ``pact_app``."""
    return functools.partial(_gwt, pact_app)
