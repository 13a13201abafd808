"""The mailboxes' Setup list and a mailbox's page run exactly their pinned number of queries
(core/testing/query_budgets.json)."""

import pytest
from django.urls import reverse

from estatedesk.core.testing.query_budgets import assert_page_budget
from estatedesk.intake import mailboxes as mailbox_services
from estatedesk.intake import services
from estatedesk.intake.choices import MailboxKind

from .conftest import plain_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailboxes(admin, office):
    made = [
        mailbox_services.mailbox_save(actor=admin, name=f"Inbox {i}", kind=MailboxKind.ENDPOINT)[0]
        for i in range(3)
    ]
    for i in range(3):
        raw = plain_message(message_id=f"<m{i}@mail.example.org>")
        services.message_intake(office=office, mailbox=made[0], raw=raw)
    return made


def test_mailbox_list_query_budget(as_admin, mailboxes):
    assert_page_budget(as_admin, "page:intake:mailbox_list", reverse("intake:mailbox_list"))


def test_mailbox_page_query_budget(as_admin, mailboxes):
    assert_page_budget(as_admin, "page:intake:mailbox_detail",
                       reverse("intake:mailbox_detail", args=[mailboxes[0].pk]))  # fmt: skip
