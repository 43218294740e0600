"""Run every benchmark scenario and print events/s, ratios, memory and targets.

Usage::

    python -m benchmarks                 # full run
    python -m benchmarks --quick         # smaller sizes, a few minutes
    python -m benchmarks --smoke         # CI: tiny sizes, no targets, < 30 s
    python -m benchmarks --only load,catch_up --markdown results.md
    python -m benchmarks --catch-up-partnerships 300   # a smaller catch-up log

Each scenario runs in its own process (so its peak memory is its own) and
times the library and its baselines interleaved in that one process, each
variant at least three times (outside smoke mode), with the fastest, median
and slowest run reported; ratios are always between the medians of variants
of the same run.  The exit status is 0 unless a scenario crashed or timed out
(targets missed do not fail the run).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

if __package__ in (None, ""):  # run as ``python benchmarks/run.py``
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from benchmarks._common import (
    BASELINES,
    FLOOR,
    OURS,
    PLAIN,
    RAW,
    RAW_ORJSON,
    machine,
)

ORDER = [
    "write_one",
    "write_batch",
    "commands",
    "load",
    "catch_up",
    "reports",
    "postgres",
]
TIMEOUTS = {"smoke": 120, "quick": 900, "full": 3600}
RATIOS = (
    ("vs_raw", RAW, "x raw json"),
    ("vs_orjson", RAW_ORJSON, "x raw orjson"),
    ("vs_plain", PLAIN, "x plain"),
    ("vs_floor", FLOOR, "x floor"),
)
"""Each ratio column: its key, the reference variant, its heading."""


@dataclass
class Target:
    """One performance target: a measured ratio and its threshold."""

    name: str
    value: float | None
    threshold: float
    at_least: bool = True
    detail: str = ""

    @property
    def met(self) -> bool | None:
        """Whether the target is met (``None``: not measured)."""
        if self.value is None:
            return None
        if self.at_least:
            return self.value >= self.threshold
        return self.value <= self.threshold


RUN = uuid.uuid4().hex[:8]
"""This run's id: its PostgreSQL schemas are ``bench_<RUN>_<n>``."""


def _drop_schemas() -> None:
    # A crashed or killed PostgreSQL scenario leaves its schemas behind.
    with contextlib.suppress(Exception):
        from benchmarks.scenarios import drop_schemas

        drop_schemas(RUN)


def _run_scenario(
    name: str, mode: str, work: str, extra: list[str] | None = None
) -> tuple[dict[str, Any] | None, str]:
    cmd = [
        sys.executable,
        "-m",
        "benchmarks.scenarios",
        name,
        mode,
        work,
        *(extra or []),
    ]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        done = subprocess.run(
            cmd,
            cwd=root,
            capture_output=True,
            text=True,
            timeout=TIMEOUTS[mode],
            check=False,
            env={**os.environ, "PACT_BENCH_RUN": RUN},
        )
    except subprocess.TimeoutExpired:
        return None, f"timed out after {TIMEOUTS[mode]} s"
    finally:
        if name == "postgres":
            _drop_schemas()
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :]), ""
    return None, (done.stderr or done.stdout)[-3000:]


def _fmt_rate(rate: float) -> str:
    return f"{rate:,.0f}" if rate >= 100 else f"{rate:,.1f}"


def _ratios(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_case: dict[str, dict[str, dict[str, Any]]] = {}
    for r in rows:
        by_case.setdefault(r["case"], {})[r["variant"]] = r
    for r in rows:
        variants = by_case[r["case"]]
        for key, base, _ in RATIOS:
            other = variants.get(base)
            r[key] = (
                r["rate"] / other["rate"]
                if other and r["variant"] not in BASELINES
                else None
            )
    return rows


def _table(rows: list[dict[str, Any]], markdown: bool) -> str:
    header = [
        "case",
        "variant",
        "events",
        "events/s",
        "us/event",
        "ms/run min",
        "median",
        "max",
        *(heading for _, _, heading in RATIOS),
        "runs",
        "how",
    ]
    lines = []
    body = []
    for r in rows:
        events = max(r["events"], 1)
        low = r.get("min", r["seconds"])
        high = r.get("max", r["seconds"])
        body.append(
            [
                r["case"],
                r["variant"],
                f"{r['events']:,}",
                _fmt_rate(r["rate"]),
                f"{r['seconds'] / events * 1e6:,.2f}",
                f"{low * 1000:,.1f}",
                f"{r['seconds'] * 1000:,.1f}",
                f"{high * 1000:,.1f}",
                *(
                    "" if r.get(key) is None else f"{r[key]:.2f}"
                    for key, _, _ in RATIOS
                ),
                str(r["reps"]),
                r.get("note", ""),
            ]
        )
    if markdown:
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "|".join("---" for _ in header) + "|")
        lines += ["| " + " | ".join(row) + " |" for row in body]
        return "\n".join(lines)
    widths = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(header)]
    widths[-1] = min(widths[-1], 60)
    fmt = "  ".join(f"{{:{'<' if i < 2 else '>'}{w}}}" for i, w in enumerate(widths))
    lines.append(fmt.format(*header))
    lines.append("  ".join("-" * w for w in widths))
    lines += [fmt.format(*b[:-1], b[-1][:60]) for b in body]
    return "\n".join(lines)


def _find(
    rows: list[dict[str, Any]], case_prefix: str, variant: str
) -> dict[str, Any] | None:
    for r in rows:
        if r["case"].startswith(case_prefix) and r["variant"] == variant:
            return r
    return None


def _ratio(a: dict[str, Any] | None, b: dict[str, Any] | None) -> float | None:
    if a is None or b is None:
        return None
    return float(a["rate"] / b["rate"])


def _targets(
    rows: list[dict[str, Any]], facts: dict[str, dict[str, Any]]
) -> list[Target]:
    out: list[Target] = []

    def versus(case: str, ours: str, base: str, threshold: float, name: str) -> None:
        a, b = _find(rows, case, ours), _find(rows, case, base)
        detail = "" if a is None else a["case"]
        if a is not None and b is not None:
            # The ratio's range over the runs: our slowest run against the
            # reference's fastest, and the other way round.
            low = (a["events"] / a["max"]) / (b["events"] / b["min"])
            high = (a["events"] / a["min"]) / (b["events"] / b["max"])
            detail += f"; runs: {low:.2f} to {high:.2f}"
        out.append(Target(name, _ratio(a, b), threshold, detail=detail))

    for prefix, label in (
        ("a2.", "batched import"),
        ("f. PostgreSQL write, one b", "PostgreSQL batched import"),
    ):
        for base, threshold in ((RAW, 0.6), (RAW_ORJSON, 0.35), (PLAIN, 2.0)):
            versus(prefix, OURS, base, threshold, f"{label} >= {threshold}x {base}")
    for prefix, label in (
        ("a1.", "one command per transaction"),
        ("f. PostgreSQL write, one c", "PostgreSQL one command per transaction"),
    ):
        versus(prefix, OURS, PLAIN, 2.0, f"{label} >= 2x {PLAIN} (its cache on)")
    versus(
        "a1.",
        OURS,
        f"{PLAIN}, cache on, no deep copy",
        2.0,
        f"one command per transaction >= 2x {PLAIN} (cache on, no deep copies)",
    )
    catch = "c. catch-up"
    versus(
        catch, f"{OURS} views", FLOOR, 0.9, "view catch-up >= 0.9x its physical floor"
    )
    memory = facts.get("catch_up_memory")
    if memory and "partial" in memory and "full" in memory:
        p, f = memory["partial"], memory["full"]
        growth = (f["peak_mb"] - f["rss_before_mb"]) / max(
            p["peak_mb"] - p["rss_before_mb"], 1.0
        )
        out.append(
            Target(
                "view catch-up memory flat: growth, all events vs 10% (ratio)",
                growth,
                1.5,
                at_least=False,
                detail=(
                    f"{p['events']:,} events: +{p['peak_mb'] - p['rss_before_mb']:.0f} "
                    f"MiB; {f['events']:,} events: "
                    f"+{f['peak_mb'] - f['rss_before_mb']:.0f} MiB"
                ),
            )
        )
    loads = sorted(
        {r["case"] for r in rows if r["case"].startswith("b. load")},
        key=lambda c: int(c.split()[2].replace(",", "")),
    )
    snap = [c for c in loads if "snapshots" in c]
    if len(snap) >= 2:
        small = _find(rows, snap[0], OURS)
        large = _find(rows, snap[-1], OURS)
        out.append(
            Target(
                "snapshotted load of the largest within 2x of 10^2 (time ratio)",
                None if not (small and large) else large["seconds"] / small["seconds"],
                2.0,
                at_least=False,
                detail=f"{snap[-1]} vs {snap[0]}",
            )
        )
    sizes = {
        int(k.split()[-1]): v
        for k, v in facts.get("load", {}).items()
        if k.startswith("snapshot bytes ") and v is not None
    }
    if sizes:
        largest = max(sizes)
        out.append(
            Target(
                "largest snapshot < 100 KB (KB)",
                sizes[largest] / 1000,
                100.0,
                at_least=False,
                detail=f"partnership of {largest:,} events: {sizes[largest]:,} bytes",
            )
        )
    # Earlier targets (issue #13's first parts), kept for comparison.
    replay = [c for c in loads if "replay" in c]
    if replay:
        for base, threshold in ((RAW, 0.5), (RAW_ORJSON, 0.5), (PLAIN, 1.5)):
            versus(replay[-1], OURS, base, threshold, f"replay >= {threshold}x {base}")
    mapper = f"{OURS} mapper"
    versus(catch, mapper, RAW, 0.5, f"log catch-up (mapper) >= 0.5x {RAW}")
    versus(
        catch, mapper, RAW_ORJSON, 0.5, f"log catch-up (mapper) >= 0.5x {RAW_ORJSON}"
    )
    versus(
        catch,
        f"{mapper}, same events as plain",
        PLAIN,
        1.5,
        f"log catch-up (mapper) >= 1.5x {PLAIN}",
    )
    for prefix, label in (
        ("d. annual report", "as-of annual report within 3x current"),
        ("d. portfolio report", "as-of portfolio report within 3x current"),
        ("e. as-of", "as-of partnership within 3x current load"),
    ):
        cases = sorted({r["case"] for r in rows if r["case"].startswith(prefix)})
        if not cases:
            continue
        case = cases[-1]
        asof = _find(rows, case, f"{OURS} as of")
        current = _find(rows, case, f"{OURS} current")
        out.append(
            Target(
                label + " (time ratio)",
                None
                if not (asof and current)
                else asof["seconds"] / current["seconds"],
                3.0,
                at_least=False,
                detail=case,
            )
        )
    return out


def _commands_table(facts: dict[str, dict[str, Any]], markdown: bool) -> str:
    """The command layer's price per ``ReportKpi`` (µs), if it was measured."""
    per = facts.get("commands", {}).get("us per command")
    if not per:
        return ""
    labels = {
        "direct": "aggregate method called directly (rules + event)",
        "built": "ReportKpi built and type-checked (the boundary alone)",
        "both": "ReportKpi built, then the aggregate method",
        "handle": "app.handle(ReportKpi(...)) in a batch (the handler path)",
        "handled": "app.report_kpi(...) in a batch (the generated method)",
    }
    base = per["direct"]
    lines = []
    if markdown:
        lines += ["| per ReportKpi command | us | x direct |", "|---|---|---|"]
    for key, label in labels.items():
        if key not in per:
            continue
        if markdown:
            lines.append(f"| {label} | {per[key]:.1f} | {per[key] / base:.2f} |")
        else:
            lines.append(f"  {label:<58} {per[key]:>8.1f} us {per[key] / base:>6.2f}x")
    return "\n".join(lines)


def _targets_table(targets: list[Target], markdown: bool) -> str:
    lines = []
    if markdown:
        lines.append("| target | measured | threshold | met | detail |")
        lines.append("|---|---|---|---|---|")
    for t in targets:
        value = "n/a" if t.value is None else f"{t.value:.2f}"
        op = ">=" if t.at_least else "<="
        met = {True: "yes", False: "NO", None: "not measured"}[t.met]
        if markdown:
            lines.append(
                f"| {t.name} | {value} | {op} {t.threshold} | {met} | {t.detail} |"
            )
        else:
            lines.append(
                f"{t.name:<62} {value:>8} {op} {t.threshold:<4} {met:<4} {t.detail}"
            )
    return "\n".join(lines)


def _markdown(
    mode: str,
    when: str,
    elapsed: float,
    info: dict[str, str],
    rows: list[dict[str, Any]],
    facts: dict[str, dict[str, Any]],
    targets: list[Target],
    failures: list[str],
) -> str:
    """The run as Markdown: machine, results, memory and targets."""
    out = [
        f"Run: `{mode}` mode, {when}, {elapsed:.0f} s"
        f"{'; failed: ' + ', '.join(failures) if failures else ''}.",
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in info.items()) + ".",
        "",
        _table(rows, markdown=True),
        "",
        "| scenario process | peak resident memory | seconds |",
        "|---|---|---|",
    ]
    for name, f in facts.items():
        if "peak_rss_mb" in f:
            out.append(f"| {name} | {f['peak_rss_mb']:.1f} MiB | {f.get('seconds')} |")
    for label, m in facts.get("catch_up_memory", {}).items():
        out.append(
            f"| views catch-up, {label} ({m['events']:,} events) | "
            f"{m['peak_mb']:.1f} MiB (before: {m['rss_before_mb']:.1f} MiB) | "
            f"{m['seconds']:.1f} |"
        )
    commands = _commands_table(facts, markdown=True)
    if commands:
        out += ["", commands]
    if mode != "smoke":
        out += ["", _targets_table(targets, markdown=True)]
    return "\n".join(out) + "\n"


def render(path: str, markdown: str) -> None:
    """Write the Markdown of an earlier run's ``--json`` file."""
    with open(path) as f:
        data = json.load(f)
    targets = [
        Target(t["name"], t["value"], t["threshold"], t["at_least"], t["detail"])
        for t in data["targets"]
    ]
    failures = data.get("failures", [])
    with open(markdown, "w") as f:
        f.write(
            _markdown(
                data["mode"],
                data["date"],
                data["seconds"],
                data["machine"],
                data["rows"],
                data["facts"],
                targets,
                failures,
            )
        )


def main(argv: list[str] | None = None) -> int:
    """Run the scenarios; print the tables; return 1 if one crashed."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="smaller sizes")
    size.add_argument("--smoke", action="store_true", help="tiny sizes, for CI")
    parser.add_argument("--only", help="comma-separated scenarios: " + ",".join(ORDER))
    parser.add_argument("--no-postgres", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--json", help="write every result to this JSON file")
    parser.add_argument("--markdown", help="write the tables as Markdown here")
    parser.add_argument("--workdir", help="where the databases go (default: temp)")
    parser.add_argument(
        "--render", metavar="JSON", help="only write --markdown from a --json file"
    )
    parser.add_argument(
        "--catch-up-partnerships",
        type=int,
        metavar="N",
        help="partnerships of the catch-up log (1,000 events each; "
        "default: the mode's, 1,000 in full mode)",
    )
    args = parser.parse_args(argv)
    if args.render:
        if not args.markdown:
            parser.error("--render needs --markdown")
        render(args.render, args.markdown)
        return 0
    mode = "smoke" if args.smoke else "quick" if args.quick else "full"
    names = args.only.split(",") if args.only else list(ORDER)
    if args.no_postgres and "postgres" in names:
        names.remove("postgres")
    unknown = set(names) - set(ORDER)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    if args.catch_up_partnerships:
        if args.catch_up_partnerships < 1:
            parser.error("--catch-up-partnerships must be at least 1")
        os.environ["PACT_BENCH_CATCH_UP_PARTNERSHIPS"] = str(args.catch_up_partnerships)
    info = machine()
    started = time.perf_counter()
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"pact-domain benchmarks, {mode} mode, {when}")
    print(", ".join(f"{k}: {v}" for k, v in info.items()), flush=True)
    rows: list[dict[str, Any]] = []
    facts: dict[str, dict[str, Any]] = {}
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="pact-bench-") as tmp:
        work = args.workdir or tmp
        os.makedirs(work, exist_ok=True)
        for name in names:
            t0 = time.perf_counter()
            if name == "catch_up":
                prepared, error = _run_scenario("prepare", mode, work)
                if prepared is None:
                    failures.append("prepare")
                    print(f"  prepare: FAILED\n{error}", flush=True)
                    continue
                took = time.perf_counter() - t0
                facts["prepare"] = {**prepared["facts"], "seconds": round(took, 1)}
                print(f"  prepare: stores built in {took:.0f} s", flush=True)
                t0 = time.perf_counter()
            result, error = _run_scenario(name, mode, work)
            took = time.perf_counter() - t0
            if result is None:
                failures.append(name)
                print(f"  {name}: FAILED ({took:.0f} s)\n{error}", flush=True)
                continue
            rows += result["rows"]
            facts[name] = {**result["facts"], "seconds": round(took, 1)}
            print(f"  {name}: {len(result['rows'])} rows in {took:.0f} s", flush=True)
            full = result["facts"].get("views memory")
            if name == "catch_up" and mode != "smoke" and full:
                total = int(result["facts"].get("events", 0))
                m, error = _run_scenario(
                    "catch_up_memory", mode, work, [str(total // 10)]
                )
                if m is None:
                    failures.append("catch_up_memory")
                    print(f"  catch_up_memory: FAILED\n{error}", flush=True)
                else:
                    facts["catch_up_memory"] = {"partial": m["facts"], "full": full}
    rows = _ratios(rows)
    targets = _targets(rows, facts)
    elapsed = time.perf_counter() - started
    print()
    print(_table(rows, markdown=False))
    print()
    print("Peak memory (resident, per scenario process):")
    for name, f in facts.items():
        if "peak_rss_mb" in f:
            print(f"  {name:<12} {f['peak_rss_mb']:>8.1f} MiB  ({f.get('seconds')} s)")
    if "catch_up_memory" in facts:
        for label, m in facts["catch_up_memory"].items():
            print(
                f"  catch-up {label:<8} {m['events']:>9,} events: peak "
                f"{m['peak_mb']:.1f} MiB (before {m['rss_before_mb']:.1f} MiB)"
            )
    commands = _commands_table(facts, markdown=False)
    if commands:
        print("\nThe command layer, per ReportKpi (median runs):")
        print(commands)
    if mode != "smoke":
        print()
        print("Targets:")
        print(_targets_table(targets, markdown=False))
    print(f"\nTotal {elapsed:.0f} s; failures: {', '.join(failures) or 'none'}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(
                {
                    "mode": mode,
                    "date": when,
                    "machine": info,
                    "rows": rows,
                    "facts": facts,
                    "targets": [{**t.__dict__, "met": t.met} for t in targets],
                    "seconds": elapsed,
                    "failures": failures,
                },
                f,
                indent=1,
                default=str,
            )
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(
                _markdown(mode, when, elapsed, info, rows, facts, targets, failures)
            )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
