"""Where a bench data set lives (SQLite file or PostgreSQL database) and Django set up against it.

Nothing here imports Django models at import time: `setup_django` must run first, after the
environment names the bench database.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "bench" / "data"

SEED = 20261101
# Bump when the generator makes different data for the same size and seed: old sets regenerate.
GENERATOR_VERSION = 2  # 2: activities and properties with their links
PASSWORD = "bench-pass-123"  # noqa: S105 - the published password of generated bench users
OFFICES = 10
USERS_PER_OFFICE = 20  # one administrator and 19 agents
BENCH_AGENT_EMAIL = "agent01@office01.bench.example"
SMOKE_SIZE = 2000

PG_ROLE = "estatedesk_bench"
PG_PASSWORD = "bench"  # noqa: S105 - a local throwaway role for bench databases only
MARKER_TABLE = "bench_meta"


class BenchError(RuntimeError):
    """A problem with the bench set-up itself, reported without a traceback."""


@dataclass(frozen=True)
class Target:
    """One bench database: the engine, the data set size and how to reach it."""

    db: str  # "sqlite" or "postgres"
    size: int
    url: str  # DATABASE_URL of the bench database
    name: str  # file path (SQLite) or database name (PostgreSQL)
    admin_url: str = ""  # PostgreSQL: a database to connect to for CREATE/DROP DATABASE

    @property
    def label(self) -> str:
        return "SQLite" if self.db == "sqlite" else "PostgreSQL"


def target(db: str, size: int) -> Target:
    if db == "sqlite":
        path = DATA_DIR / f"bench-{size}.sqlite3"
        return Target(db, size, f"sqlite:///{path}", str(path))
    if db != "postgres":
        raise BenchError(f"--db must be sqlite or postgres, not {db!r}")
    name = f"estatedesk_bench_{size}"
    given = os.environ.get("DATABASE_URL", "")
    if given:
        parts = urlsplit(given)
        if not parts.scheme.startswith("postgres"):
            raise BenchError(f"DATABASE_URL is not a PostgreSQL URL: {parts.scheme}://…")
        return Target(db, size, urlunsplit(parts._replace(path=f"/{name}")), name, given)
    base = f"postgres://{PG_ROLE}:{PG_PASSWORD}@127.0.0.1:5432"
    return Target(db, size, f"{base}/{name}", name, f"{base}/postgres")


# --- PostgreSQL server, role and database ---------------------------------------------------


def ensure_postgres(t: Target) -> None:
    """Without DATABASE_URL: start the machine's cluster and create the bench role if missing."""
    if os.environ.get("DATABASE_URL"):
        return
    if shutil.which("pg_ctlcluster") and os.geteuid() == 0:
        subprocess.run(
            ["pg_ctlcluster", "15", "main", "start"], capture_output=True, check=False
        )  # "already running" is fine
    for _ in range(30):
        ready = shutil.which("pg_isready") is None or (
            subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0
        )
        if ready:
            break
        time.sleep(1)
    if os.geteuid() == 0:
        sql = (
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{PG_ROLE}') THEN "
            f"CREATE ROLE {PG_ROLE} LOGIN CREATEDB PASSWORD '{PG_PASSWORD}'; END IF; END $$;"
        )
        subprocess.run(
            ["su", "postgres", "-c", "psql -q -v ON_ERROR_STOP=1"],
            input=sql.encode(),
            capture_output=True,
            check=True,
        )


def _pg_admin():
    import psycopg

    return psycopg


def _pg_connect(url: str, **kwargs):
    psycopg = _pg_admin()
    try:
        return psycopg.connect(url, **kwargs)
    except psycopg.OperationalError as exc:
        where = urlsplit(url)._replace(netloc=urlsplit(url).hostname or "").geturl()
        raise BenchError(
            f"cannot connect to PostgreSQL ({where}): {exc}. Is the server running? Without "
            f"DATABASE_URL the bench uses the local cluster and the role {PG_ROLE} (made when "
            "run as root); with DATABASE_URL it uses that server."
        ) from None


def pg_database_exists(t: Target) -> bool:
    with _pg_connect(t.admin_url, autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [t.name]).fetchone()
        return row is not None


def pg_recreate_database(t: Target) -> None:
    from psycopg import sql

    with _pg_connect(t.admin_url, autocommit=True) as conn:
        name = sql.Identifier(t.name)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


# --- the marker that says a data set is complete ---------------------------------------------


def read_marker(t: Target) -> dict[str, str] | None:
    """The bench_meta rows of a complete data set, or None (absent, partial or unreadable)."""
    try:
        if t.db == "sqlite":
            if not Path(t.name).exists():
                return None
            with sqlite3.connect(f"file:{t.name}?mode=ro", uri=True) as conn:
                rows = conn.execute(f"SELECT key, value FROM {MARKER_TABLE}").fetchall()
        else:
            if not pg_database_exists(t):
                return None
            with _pg_connect(t.url) as conn:
                rows = conn.execute(f"SELECT key, value FROM {MARKER_TABLE}").fetchall()
    except BenchError:
        raise
    except Exception:  # no table, a broken file: either way not a usable data set
        return None
    marker = dict(rows)
    return marker if marker.get("complete") == "yes" else None


def marker_matches(marker: dict[str, str] | None, size: int, seed: int) -> bool:
    return bool(
        marker
        and marker.get("size") == str(size)
        and marker.get("seed") == str(seed)
        and marker.get("version") == str(GENERATOR_VERSION)
    )


def migration_hashes() -> dict[str, str]:
    """A digest of every migration file, to notice one edited after the data was loaded."""
    import hashlib

    return {
        str(path.relative_to(ROOT)): hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        for path in sorted((ROOT / "estatedesk").glob("*/migrations/*.py"))
    }


def write_marker(connection, values: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} "
            "(key VARCHAR(50) PRIMARY KEY, value TEXT NOT NULL)"
        )
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")
        for key, value in values.items():
            text = value if isinstance(value, str) else json.dumps(value)
            cursor.execute(
                f"INSERT INTO {MARKER_TABLE} (key, value) VALUES (%s, %s)",
                [key, text],
            )


# --- Django against the bench database --------------------------------------------------------


def bench_env(t: Target) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = t.url
    env["DJANGO_SETTINGS_MODULE"] = "estatedesk.settings.dev"
    return env


def migrate(t: Target) -> int:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=bench_env(t),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BenchError(f"manage.py migrate failed:\n{result.stdout}\n{result.stderr}")
    applied = result.stdout.count(" OK")
    print(f"migrate: {applied} migration(s) applied in {time.perf_counter() - started:.1f} s")
    return applied


def setup_django(t: Target, *, debug: bool = False) -> None:
    """Point Django at the bench database, with DEBUG off as in production, and set it up."""
    os.environ.update(
        {
            "DATABASE_URL": t.url,
            "DJANGO_SETTINGS_MODULE": "estatedesk.settings.dev",
            "DJANGO_DEBUG": "true" if debug else "false",
            "DJANGO_ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
            "DJANGO_LOG_LEVEL": os.environ.get("DJANGO_LOG_LEVEL", "WARNING"),
        }
    )
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def unapplied_migrations(connection) -> list[str]:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, _backwards in plan]


def database_version(connection) -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"


def database_bytes(t: Target, connection) -> int:
    if t.db == "sqlite":
        return sum(p.stat().st_size for p in Path(t.name).parent.glob(Path(t.name).name + "*"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return int(cursor.fetchone()[0])
