"""`make load` / `make soak`: gunicorn on loopback, driven by locust's agent journeys.

    python -m bench.load --size 2000 --db sqlite --users 20 --seconds 60
    python -m bench.load --size 1000000 --db postgres --users 40 --soak --minutes 30

It serves the bench data set (bench/README.md; `make bench-data` first) with gunicorn as in
production (DEBUG off), runs locust headless for a bounded time with bench/locustfile.py, and
samples the gunicorn workers' memory (RSS) meanwhile. A soak runs half the users for longer and
compares the first and last tenth of the run: p95 and worker RSS should stay within ±10 %.
Results are printed and written to bench/results/ (Markdown and JSON).
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench import common, load_report

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS_DIR = ROOT / "bench" / "results"
LIST_STEPS = ("contacts list", "leads list", "contacts filtered", "leads filtered")


@dataclass
class Step:
    name: str
    requests: int
    failures: int
    rps: float
    p50: float
    p95: float
    p99: float


@dataclass
class Run:
    mode: str
    db: str
    size: int
    users: int
    seconds: int
    gunicorn_workers: int
    wait: str
    started_at: str
    steps: list[Step] = field(default_factory=list)
    total: Step | None = None
    lists_rps: float = 0.0
    lists_p95: float = 0.0
    rss: list[tuple[float, float, float]] = field(default_factory=list)  # (s, total MB, max MB)
    p95_series: list[tuple[float, float]] = field(default_factory=list)  # (s, current p95 ms)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--users", type=int, default=20, help="peak simulated agents")
    parser.add_argument("--seconds", type=int, default=60, help="length of a load run")
    parser.add_argument("--soak", action="store_true", help="half the users, for --minutes")
    parser.add_argument("--minutes", type=float, default=30.0, help="length of a soak")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument(
        "--wait", default="1,3", help="seconds between an agent's steps, min,max (0,0: peak)"
    )
    parser.add_argument("--sample-seconds", type=float, default=0.0, help="RSS sampling period")
    return parser.parse_args(argv)


def server_env(t: common.Target) -> dict[str, str]:
    env = common.bench_env(t)
    env.update(
        {
            "DJANGO_DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    return env


def free_port(wanted: int) -> int:
    """`wanted` if nothing listens there (0: any free port); another server would answer
    in gunicorn's place, so a port in use is an error."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", wanted))
        except OSError as error:
            raise common.BenchError(f"port {wanted} is in use: {error}") from None
        return int(probe.getsockname()[1])


def start_gunicorn(t: common.Target, port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [
        str(BIN / "gunicorn"), "estatedesk.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--log-level", "warning", "--timeout", "60",
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env=server_env(t))


def wait_until_up(url: str, server: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise common.BenchError(f"gunicorn exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/accounts/login/", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    time.sleep(2)  # a server that fails to bind gives up within a second or two
                    if server.poll() is None:
                        return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(1)
    raise common.BenchError(f"gunicorn did not answer at {url} within {seconds:.0f} s")


class RssSampler(threading.Thread):
    """Every `period` seconds: the summed and the largest RSS of gunicorn's workers, in MB."""

    def __init__(self, master_pid: int, period: float) -> None:
        super().__init__(daemon=True)
        self.master_pid = master_pid
        self.period = period
        self.samples: list[tuple[float, float, float]] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        import psutil

        started = time.monotonic()
        master = psutil.Process(self.master_pid)
        while not self.stopped.is_set():
            sizes = []
            for child in master.children():
                try:
                    sizes.append(child.memory_info().rss / 2**20)
                except psutil.NoSuchProcess:
                    continue
            if sizes:
                moment = round(time.monotonic() - started, 1)
                self.samples.append((moment, round(sum(sizes), 1), round(max(sizes), 1)))
            self.stopped.wait(self.period)


def run_locust(url: str, users: int, seconds: int, wait: str, csv_prefix: Path) -> None:
    spawn_rate = max(1, users // 10)
    command = [
        str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
        "--users", str(users), "--spawn-rate", str(spawn_rate), "--run-time", f"{seconds}s",
        "--host", url, "--csv", str(csv_prefix), "--csv-full-history", "--only-summary",
        "--stop-timeout", "10", "--loglevel", "WARNING", "--exit-code-on-error", "0",
    ]  # fmt: skip
    env = {**os.environ, "ESTATEDESK_LOAD_WAIT": wait}
    subprocess.run(command, cwd=ROOT, check=True, env=env)


def _ms(value: str) -> float:
    return float(value) if value not in ("", "N/A") else 0.0


def read_steps(csv_prefix: Path) -> tuple[list[Step], Step | None]:
    steps, total = [], None
    with open(f"{csv_prefix}_stats.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            step = Step(
                name=row["Name"], requests=int(row["Request Count"]),
                failures=int(row["Failure Count"]), rps=round(float(row["Requests/s"]), 1),
                p50=_ms(row["50%"]), p95=_ms(row["95%"]), p99=_ms(row["99%"]),
            )  # fmt: skip
            if row["Name"] == "Aggregated":
                total = step
            else:
                steps.append(step)
    return steps, total


def read_p95_series(csv_prefix: Path) -> list[tuple[float, float]]:
    series: list[tuple[float, float]] = []
    first: int | None = None
    with open(f"{csv_prefix}_stats_history.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] != "Aggregated" or row["95%"] in ("", "N/A"):
                continue
            stamp = int(row["Timestamp"])
            first = stamp if first is None else first
            series.append((float(stamp - first), _ms(row["95%"])))
    return series


def lists_summary(steps: list[Step]) -> tuple[float, float]:
    lists = [s for s in steps if s.name in LIST_STEPS]
    rps = round(sum(s.rps for s in lists), 1)
    worst_p95 = max((s.p95 for s in lists), default=0.0)
    return rps, worst_p95


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    users = max(1, args.users // 2) if args.soak else args.users
    seconds = int(args.minutes * 60) if args.soak else args.seconds
    period = args.sample_seconds or (30.0 if args.soak else 5.0)
    t = common.target(args.db, args.size)
    if args.db == "sqlite" and not Path(t.name).exists():
        raise common.BenchError(f"No data set at {t.name}: make bench-data SIZE={args.size}")
    port = free_port(args.port)
    url = f"http://127.0.0.1:{port}"
    run = Run(
        mode="soak" if args.soak else "load", db=args.db, size=args.size, users=users,
        seconds=seconds, gunicorn_workers=args.workers, wait=args.wait,
        started_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )  # fmt: skip
    print(f"{run.mode}: gunicorn × {args.workers} at {url}, {users} agents for {seconds} s")
    server = start_gunicorn(t, port, args.workers)
    try:
        wait_until_up(url, server)
        sampler = RssSampler(server.pid, period)
        sampler.start()
        with tempfile.TemporaryDirectory(prefix="estatedesk-load-") as scratch:
            prefix = Path(scratch) / "locust"
            run_locust(url, users, seconds, args.wait, prefix)
            sampler.stopped.set()
            sampler.join()
            run.steps, run.total = read_steps(prefix)
            run.p95_series = read_p95_series(prefix)
        run.rss = sampler.samples
        run.lists_rps, run.lists_p95 = lists_summary(run.steps)
    finally:
        stop(server)
    path = load_report.write(run, RESULTS_DIR)
    print(load_report.markdown(run))
    print(f"Written to {path.relative_to(ROOT)} (and .json).")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except common.BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
