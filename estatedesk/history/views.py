"""The Changes tab of a record's detail page (registered by `tracking.track`)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db import models

from estatedesk.core.http import StaffRequest

from .selectors import change_rows, record_changes

# Entries per page of the tab: a record edited every day for years has thousands.
TAB_PAGE_SIZE = 25


def changes_tab(request: StaffRequest, record: models.Model) -> dict[str, Any]:
    """Context of the tab: one page of the record's changes, newest first.

    The detail view fetched `record` through `visible_to`, so whoever sees the tab may see
    the record; a colleague who may not gets the detail view's 404 before this runs.
    """
    page = Paginator(record_changes(record), TAB_PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "changes_page": page,
        "change_rows": change_rows(list(page.object_list), record, request.user),
    }
