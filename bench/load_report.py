"""The report of a `make load` / `make soak` run (bench/load.py): Markdown and JSON."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.load import Run

FLAT_TOLERANCE = 0.10


def drift(series: list[float]) -> float | None:
    """(mean of the last tenth − mean of the first tenth) / mean of the first tenth."""
    if len(series) < 10:
        return None
    tenth = max(1, len(series) // 10)
    first = sum(series[:tenth]) / tenth
    last = sum(series[-tenth:]) / tenth
    return (last - first) / first if first else None


def _percent(value: float | None) -> str:
    return "n/a (too short)" if value is None else f"{value * 100:+.1f} %"


def markdown(run: Run) -> str:
    title = "Soak" if run.mode == "soak" else "Load"
    lines = [
        f"### {title}: {run.db}, {run.size:,} contacts, {run.users} agents, "
        f"{run.seconds} s, pauses {run.wait} s, gunicorn × {run.gunicorn_workers} "
        f"({run.started_at})",
        "",
        "| step | requests | req/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for step in [*run.steps, *([run.total] if run.total else [])]:
        errors = step.failures / step.requests * 100 if step.requests else 0.0
        name = "**all**" if step.name == "Aggregated" else step.name
        lines.append(
            f"| {name} | {step.requests} | {step.rps} | {step.p50:.0f} | {step.p95:.0f} "
            f"| {step.p99:.0f} | {errors:.2f} % |"
        )
    lines += ["", f"Lists together: {run.lists_rps} req/s, worst list p95 {run.lists_p95:.0f} ms."]
    if run.rss:
        first, last = run.rss[0], run.rss[-1]
        lines.append(
            f"Worker RSS: {first[1]:.0f} MB in all at {first[0]:.0f} s, {last[1]:.0f} MB at "
            f"{last[0]:.0f} s (largest worker {max(s[2] for s in run.rss):.0f} MB)."
        )
    if run.mode == "soak":
        p95_drift = drift([p for _s, p in run.p95_series])
        rss_drift = drift([total for _s, total, _m in run.rss])
        flat = all(d is not None and abs(d) <= FLAT_TOLERANCE for d in (p95_drift, rss_drift))
        lines.append(
            f"Last tenth against first: p95 {_percent(p95_drift)}, worker RSS "
            f"{_percent(rss_drift)}: {'flat' if flat else 'NOT flat'} (±10 %)."
        )
    lines += ["", "RSS over time (s: all workers MB / largest MB): " + ", ".join(
        f"{s:.0f}: {total:.0f}/{largest:.0f}" for s, total, largest in run.rss
    )]  # fmt: skip
    return "\n".join(lines) + "\n"


def write(run: Run, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = run.started_at.replace(":", "").replace("-", "")
    path = directory / f"{run.mode}-{run.db}-{run.size}-{stamp}.md"
    path.write_text(markdown(run), encoding="utf-8")
    path.with_suffix(".json").write_text(json.dumps(asdict(run), indent=2) + "\n", "utf-8")
    return path
