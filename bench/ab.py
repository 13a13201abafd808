"""Old code against new, request by request: `python -m bench.ab --old TREE --new TREE …`.

Two runs of `bench.run` minutes apart say little on a shared VM, whose speed drifts by 2× and
more. Here each tree (a checkout with its own `.venv` and bench data set) serves the same pages
in a long-lived process of its own; both processes are pinned to one CPU core and answer in
turn (old, new, then new, old …), so every pair of timings shares the machine's state of that
moment. Reported per page: each side's median, and the median of the pairs' new ÷ old ratios.

The pages are the bench scenarios' GET requests (`--urls FILE`: lines of `key<TAB>kind<TAB>url
<TAB>label`, kind `page`, `floor` or `api`); the URLs that `bench.run` prints for the data set
serve. Both trees must hold the data set (`make bench-data`) and a `bench` package with
`common.setup_django` and `run.Bench` (any tree since the floor scenario has them).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def worker(db: str, size: int) -> None:
    """Serve "kind url" lines from stdin as the bench agent; print each request's seconds."""
    sys.path.insert(0, os.getcwd())  # the tree being measured, not the one this file is in
    from bench import common
    from bench.run import Bench

    t = common.target(db, size)
    common.setup_django(t)
    bench = Bench(t, 1, 0, False, False)
    bench.login()
    from django.test import Client, override_settings

    from estatedesk.api.models import ApiToken
    from estatedesk.api.services import token_create

    token, key = token_create(actor=bench.agent, name="bench.ab")
    clients = {"page": bench.client, "floor": bench.client,
               "api": Client(HTTP_AUTHORIZATION=f"Bearer {key}")}  # fmt: skip
    floor = override_settings(ROOT_URLCONF="bench.floor")
    print("ready", flush=True)
    try:
        for line in sys.stdin:
            kind, url = line.split()
            if kind == "floor":
                floor.enable()
            started = time.perf_counter()
            response = clients[kind].get(url)
            elapsed = time.perf_counter() - started
            if kind == "floor":
                floor.disable()
            ok = response.status_code == 200
            print(f"{elapsed:.6f}" if ok else f"error {response.status_code}", flush=True)
    finally:
        ApiToken.objects.filter(pk=token.pk).delete()


class Tree:
    def __init__(self, path: Path, db: str, size: int, core: str) -> None:
        self.process = subprocess.Popen(
            ["taskset", "-c", core, str(path / ".venv/bin/python"), __file__,
             "--worker", "--db", db, "--size", str(size)],
            cwd=path, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
        )  # fmt: skip
        if (line := self.process.stdout.readline().strip()) != "ready":
            raise SystemExit(f"{path}: the worker did not start ({line!r})")

    def get(self, kind: str, url: str) -> float:
        self.process.stdin.write(f"{kind} {url}\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline().strip()
        if not answer or answer.startswith("error"):
            raise SystemExit(f"{url}: {answer or 'the worker stopped'}")
        return float(answer)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path)
    parser.add_argument("--new", type=Path)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--urls", type=Path, help="key, kind, url, label per line (tabs)")
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--core", default="0", help="the CPU core both processes share")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.db, args.size)
        return 0
    pages = [line.split("\t") for line in args.urls.read_text().splitlines() if line.strip()]
    trees = {"old": Tree(args.old, args.db, args.size, args.core),
             "new": Tree(args.new, args.db, args.size, args.core)}  # fmt: skip
    print(f"{args.db}, {args.size:,} contacts, {args.pairs} pairs per page, one core\n")
    print("| # | page | old p50 ms | new p50 ms | new ÷ old (median of pairs) |")
    print("|---|---|--:|--:|--:|")
    try:
        for key, kind, url, label in pages:
            for tree in trees.values():
                for _ in range(5):  # warm-up
                    tree.get(kind, url)
            times: dict[str, list[float]] = {"old": [], "new": []}
            for i in range(args.pairs):
                for name in ("old", "new") if i % 2 == 0 else ("new", "old"):
                    times[name].append(trees[name].get(kind, url))
            pairs = zip(times["old"], times["new"], strict=True)
            ratio = statistics.median(new / old for old, new in pairs)
            old_ms, new_ms = (statistics.median(times[n]) * 1000 for n in ("old", "new"))
            print(f"| {key} | {label} | {old_ms:.2f} | {new_ms:.2f} | {ratio:.3f} |", flush=True)
    finally:
        for tree in trees.values():
            tree.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
