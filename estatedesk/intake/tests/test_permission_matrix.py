"""Every mailbox Setup URL with an object id answers each persona as the rules say: Setup is
the office administrator's and does not exist for anyone else (404)."""

import pytest

from estatedesk.core.testing.matrix import ADMIN_ONLY, Matrix, Route, check_route, matrix_cases
from estatedesk.intake import mailboxes
from estatedesk.intake.choices import MailboxKind

pytestmark = pytest.mark.django_db


def _mailbox(users):
    mailbox, _secret = mailboxes.mailbox_save(
        actor=users.office_admin, name="Inbox", kind=MailboxKind.ENDPOINT
    )
    return mailbox


MAILBOX_ROUTES = (
    Route("intake:mailbox_detail"),
    Route("intake:mailbox_edit"),
    Route("intake:mailbox_edit", "post", {}, ok=422),  # reached the form: nothing valid
    Route("intake:mailbox_active", "post", {"active": "0"}),
    Route("intake:mailbox_secret", "post"),
)

MATRICES = [Matrix("mailbox", _mailbox, MAILBOX_ROUTES, ADMIN_ONLY)]


@pytest.mark.parametrize(("matrix", "route"), matrix_cases(MATRICES))
def test_each_persona_gets_the_documented_answer(matrix, route, personas):
    check_route(matrix, route, personas)
