"""Timing, memory and machine facts shared by the scenarios."""

from __future__ import annotations

import gc
import os
import platform
import resource
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from statistics import median
from typing import Any

OURS = "pact-domain"
PLAIN = "plain eventsourcing"
RAW = "raw SQL + json"
RAW_ORJSON = "raw SQL + orjson"
FLOOR = "physical floor"
"""A raw reference that does the physical work the library's variant does
(e.g. one view row written per event), with nothing else."""
BASELINES = (RAW, RAW_ORJSON, PLAIN, FLOOR)
"""Variants that are references, never compared with one another."""
MIN_REPS = 3
"""Every variant runs at least this many times (outside smoke mode)."""

Run = Callable[[], tuple[int, float]]
"""One timed run: returns (events, seconds of the timed part)."""


@dataclass
class Row:
    """One measured variant of one case."""

    case: str
    variant: str
    events: int
    seconds: float
    reps: int
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    times: list[float] = field(default_factory=list)
    """Every run's seconds, in the order they ran."""

    @property
    def rate(self) -> float:
        """Events per second (median run)."""
        return self.events / self.seconds if self.seconds > 0 else float("inf")

    @property
    def spread(self) -> tuple[float, float]:
        """The fastest and the slowest run's seconds."""
        runs = self.times or [self.seconds]
        return min(runs), max(runs)

    def as_dict(self) -> dict[str, Any]:
        """The row as plain data (for JSON)."""
        low, high = self.spread
        return {**asdict(self), "rate": self.rate, "min": low, "max": high}


def measure(
    case: str,
    variants: dict[str, Run],
    *,
    reps: int,
    budget: float = 60.0,
    notes: dict[str, str] | None = None,
) -> list[Row]:
    """Run the variants interleaved (A B C, B C A, C A B, ...) ``reps`` times
    each; past :data:`MIN_REPS` runs (or ``reps``, if fewer), a variant
    whose runs took more than ``budget`` seconds in total stops repeating.
    Each row is the variant's median run, with every run's time kept."""
    names = list(variants)
    times: dict[str, list[float]] = {n: [] for n in names}
    counts: dict[str, int] = {}
    spent: dict[str, float] = dict.fromkeys(names, 0.0)
    floor = min(reps, MIN_REPS)
    for rep in range(reps):
        order = names[rep % len(names) :] + names[: rep % len(names)]
        for name in order:
            if rep >= floor and spent[name] > budget:
                continue
            gc.collect()
            started = time.perf_counter()
            events, seconds = variants[name]()
            spent[name] += time.perf_counter() - started
            times[name].append(seconds)
            counts[name] = events
    return [
        Row(
            case=case,
            variant=name,
            events=counts[name],
            seconds=median(times[name]),
            reps=len(times[name]),
            note=(notes or {}).get(name, ""),
            times=times[name],
        )
        for name in names
    ]


def timed(fn: Callable[[], Any]) -> float:
    """Seconds ``fn`` takes."""
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    """This process's resident memory now, in MiB."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def machine() -> dict[str, str]:
    """CPU, cores, Python, SQLite and library versions."""
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    from importlib.metadata import version

    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
        "eventsourcing": version("eventsourcing"),
        "orjson": version("orjson"),
        "platform": platform.platform(),
    }
