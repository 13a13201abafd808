"""Counting SQL queries, to show that a page's queries do not grow with its rows."""

from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext


@contextmanager
def count_queries():
    """with count_queries() as ctx: ...; len(ctx) is the number of queries run."""
    with CaptureQueriesContext(connection) as ctx:
        yield ctx
