"""Reading notifier settings with clear errors (private)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["Settings"]


class Settings:
    """Typed access to a notifier's settings table; every problem is a
    ``ValueError`` naming the key (the follower turns it into a
    :class:`~pact_adapters.errors.ConfigError` naming the channel)."""

    def __init__(self, settings: Mapping[str, Any], allowed: set[str]) -> None:
        extra = sorted(set(settings) - allowed)
        if extra:
            raise ValueError(
                f"unknown setting {extra[0]!r} (allowed: {', '.join(sorted(allowed))})"
            )
        self.data = settings

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if value is None:
            raise ValueError(f"setting {key!r} is required")
        if not isinstance(value, str):
            raise ValueError(f"setting {key!r} must be a string, not {value!r}")
        return value

    def optional_text(self, key: str) -> str | None:
        if self.data.get(key) is None:
            return None
        return self.text(key)

    def number(self, key: str, default: float) -> float:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"setting {key!r} must be a number, not {value!r}")
        if value <= 0:
            raise ValueError(f"setting {key!r} must be positive")
        return float(value)

    def integer(self, key: str, default: int) -> int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"setting {key!r} must be a whole number, not {value!r}")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise ValueError(f"setting {key!r} must be true or false, not {value!r}")
        return value

    def texts(self, key: str) -> list[str]:
        value = self.data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"setting {key!r} must be a list of strings")
        return list(value)

    def mapping(self, key: str) -> dict[str, str]:
        value = self.data.get(key, {})
        if not isinstance(value, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise ValueError(f"setting {key!r} must be a table of strings")
        return dict(value)
