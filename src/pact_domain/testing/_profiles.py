"""Hypothesis settings profiles of the toolkit (private; see the package)."""

from __future__ import annotations

from collections.abc import Mapping

from hypothesis import HealthCheck, settings

__all__ = ["PROFILE_CI", "PROFILE_FAST", "choose_profile", "register_profiles"]

PROFILE_FAST = "pact-fast"
"""Few examples, for quick local runs."""
PROFILE_CI = "pact-ci"
"""More examples and no deadline, for continuous integration."""


def register_profiles() -> None:
    """Register the ``pact-fast`` and ``pact-ci`` Hypothesis profiles.

    Registering does not load them; see :func:`choose_profile`.
    """
    settings.register_profile(
        PROFILE_FAST,
        max_examples=20,
        deadline=2000,
        suppress_health_check=[HealthCheck.too_slow],
    )
    settings.register_profile(
        PROFILE_CI,
        max_examples=200,
        deadline=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow],
    )


def choose_profile(environ: Mapping[str, str], current: str) -> str | None:
    """The profile to load, or ``None`` to keep ``current``.

    ``HYPOTHESIS_PROFILE`` names a profile explicitly.  Otherwise a profile a
    project chose itself (anything but Hypothesis's ``default`` and ``ci``)
    is kept; if not, ``pact-ci`` is chosen when the ``CI`` variable is set
    (to anything but ``""``, ``0`` or ``false``) and ``pact-fast`` when not.
    """
    named = environ.get("HYPOTHESIS_PROFILE", "").strip()
    if named:
        return named
    if current not in ("default", "ci"):
        return None
    ci = environ.get("CI", "").strip().lower()
    return PROFILE_CI if ci not in ("", "0", "false", "no") else PROFILE_FAST
