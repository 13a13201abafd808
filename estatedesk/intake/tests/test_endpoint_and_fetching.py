"""Messages arrive by the endpoint, from a maildir, or from IMAP; each is taken in once."""

import mailbox as mailboxlib
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from estatedesk.activities.models import Activity
from estatedesk.contacts.models import Lead
from estatedesk.intake import mailboxes
from estatedesk.intake.fetch import mailbox_run
from estatedesk.intake.models import IntakeMessage, Mailbox

from .conftest import plain_message


def post_message(raw: bytes, secret: str | None, content_type: str = "message/rfc822"):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret is not None else {}
    return Client().post(reverse("intake:messages"), raw, content_type=content_type, **headers)


# --- the endpoint -------------------------------------------------------------------------------


def test_endpoint_with_the_secret_takes_the_message_in(endpoint_box, office):
    mailbox, secret = endpoint_box

    response = post_message(plain_message(), secret)

    assert response.status_code == 201
    lead = Lead.objects.get()
    assert lead.office == office
    body = response.json()
    assert (body["status"], body["lead"]) == ("created_lead", lead.pk)
    assert IntakeMessage.objects.get().mailbox == mailbox


def test_endpoint_answers_a_repeat_as_duplicate(endpoint_box):
    _mailbox, secret = endpoint_box
    post_message(plain_message(), secret)

    response = post_message(plain_message(), secret)

    assert response.status_code == 200
    assert response.json()["status"] == "duplicate"
    assert Activity.objects.count() == 1


@pytest.mark.parametrize("secret", [None, "", "wrong-secret"])
def test_endpoint_without_the_right_secret_is_401_and_creates_nothing(endpoint_box, secret):
    response = post_message(plain_message(), secret)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert not Lead.objects.exists()
    assert not IntakeMessage.objects.exists()


def test_endpoint_of_an_inactive_mailbox_is_401(endpoint_box, admin):
    mailbox, secret = endpoint_box
    mailboxes.mailbox_set_active(mailbox=mailbox, actor=admin, active=False)

    assert post_message(plain_message(), secret).status_code == 401


def test_a_new_secret_replaces_the_old_one(endpoint_box, admin):
    mailbox, old = endpoint_box
    new = mailboxes.mailbox_new_secret(mailbox=mailbox, actor=admin)

    assert post_message(plain_message(), old).status_code == 401
    assert post_message(plain_message(), new).status_code == 201
    assert Mailbox.objects.get().secret_hash == mailboxes.secret_hash(new)


def test_endpoint_wants_message_rfc822(endpoint_box):
    _mailbox, secret = endpoint_box

    response = post_message(plain_message(), secret, content_type="text/plain")

    assert response.status_code == 415
    assert not Lead.objects.exists()


def test_endpoint_refuses_a_message_without_sender(endpoint_box):
    _mailbox, secret = endpoint_box

    response = post_message(b"Subject: hello\r\n\r\nwho am I\r\n", secret)

    assert response.status_code == 400
    assert "from" in response.json()


# --- maildir ------------------------------------------------------------------------------------


@pytest.fixture
def maildir(tmp_path: Path, admin):
    box = mailboxlib.Maildir(tmp_path / "inbox", create=True)
    box.add(plain_message(message_id="<m1@example.org>"))
    box.add(plain_message(sender="Tom Peters <tom@example.org>", message_id="<m2@example.org>"))
    mailbox, _secret = mailboxes.mailbox_save(
        actor=admin, name="Maildir", kind="maildir", path=str(tmp_path / "inbox")
    )
    return mailbox, tmp_path / "inbox"


def test_intake_mail_command_reads_a_maildir_once(maildir):
    mailbox, path = maildir

    call_command("intake_mail", "--mailbox", str(mailbox.pk))
    call_command("intake_mail")

    assert sorted(Lead.objects.values_list("first_name", flat=True)) == ["Eva", "Tom"]
    assert Activity.objects.count() == 2
    assert list((path / "new").iterdir()) == []
    done = sorted((path / "cur").iterdir())
    assert len(done) == 2
    assert all(p.name.endswith(":2,S") for p in done)
    mailbox.refresh_from_db()
    assert mailbox.last_run_at is not None
    assert mailbox.last_run_summary.startswith("0 taken in")


def test_a_bad_message_does_not_stop_the_others(maildir):
    mailbox, path = maildir
    mailboxlib.Maildir(path, create=False).add(b"Subject: no sender\r\n\r\nx\r\n")

    summary = mailbox_run(mailbox)

    assert (summary.taken_in, summary.failed) == (2, 1)
    assert Lead.objects.count() == 2
    # The bad one stays in new/ for a later run (and a person) to look at.
    assert len(list((path / "new").iterdir())) == 1


def test_inactive_mailboxes_are_not_read(maildir, admin):
    mailbox, _path = maildir
    mailboxes.mailbox_set_active(mailbox=mailbox, actor=admin, active=False)

    call_command("intake_mail")

    assert not Lead.objects.exists()


def test_the_task_reads_the_mailboxes(maildir):
    from estatedesk.intake.tasks import intake_mail

    result = intake_mail.call()

    assert Lead.objects.count() == 2
    assert result == {str(maildir[0].pk): "2 taken in, 0 already known or automatic, 0 failed"}


# --- IMAP, with a stand-in for imaplib.IMAP4_SSL ------------------------------------------------


class FakeImap:
    """What `fetch.read_imap` uses of imaplib.IMAP4_SSL, over an in-memory folder."""

    def __init__(self, messages: dict[bytes, bytes]):
        self.messages = messages
        self.seen: set[bytes] = set()
        self.calls: list[tuple] = []

    def login(self, user, password):
        self.calls.append(("login", user, password))
        return "OK", [b"Logged in"]

    def select(self, folder):
        self.calls.append(("select", folder))
        return "OK", [str(len(self.messages)).encode()]

    def uid(self, command, *args):
        if command == "SEARCH":
            unseen = [uid for uid in self.messages if uid not in self.seen]
            return "OK", [b" ".join(unseen)]
        if command == "FETCH":
            uid = args[0]
            assert args[1] == "(BODY.PEEK[])"  # fetching must not mark it seen
            return "OK", [(b"1 (UID " + uid + b" BODY[] {n}", self.messages[uid]), b")"]
        if command == "STORE":
            assert args[1:] == ("+FLAGS", "(\\Seen)")
            self.seen.add(args[0])
            return "OK", []
        raise AssertionError(command)

    def logout(self):
        self.calls.append(("logout",))
        return "BYE", []


def test_imap_reads_unseen_messages_and_marks_them_seen(admin):
    mailbox, _secret = mailboxes.mailbox_save(
        actor=admin, name="IMAP", kind="imap", host="imap.example.org", username="info",
        password="pw", folder="INBOX",
    )  # fmt: skip
    server = FakeImap({
        b"7": plain_message(message_id="<i7@example.org>"),
        b"8": b"Subject: broken\r\n\r\nno sender\r\n",
        b"9": plain_message(sender="tom@example.org", message_id="<i9@example.org>"),
    })  # fmt: skip

    summary = mailbox_run(mailbox, imap_factory=lambda box: server)
    again = mailbox_run(mailbox, imap_factory=lambda box: server)

    assert (summary.taken_in, summary.failed) == (2, 1)
    assert server.seen == {b"7", b"9"}
    assert ("login", "info", "pw") in server.calls
    assert server.calls[-1] == ("logout",)
    assert Lead.objects.count() == 2
    assert (again.taken_in, again.failed) == (0, 1)  # only the broken one is tried again
