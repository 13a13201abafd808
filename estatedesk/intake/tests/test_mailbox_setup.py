"""Setup of mailboxes: office administrators only, their own office only, the secret once."""

from django.test import Client
from django.urls import reverse

from estatedesk.accounts.choices import Role
from estatedesk.accounts.tests.factories import UserFactory
from estatedesk.intake import mailboxes
from estatedesk.intake.models import Mailbox


def setup_urls(mailbox) -> list[tuple[str, str]]:
    return [
        ("get", reverse("intake:mailbox_list")),
        ("get", reverse("intake:mailbox_create")),
        ("get", reverse("intake:mailbox_detail", args=[mailbox.pk])),
        ("get", reverse("intake:mailbox_edit", args=[mailbox.pk])),
        ("post", reverse("intake:mailbox_active", args=[mailbox.pk])),
        ("post", reverse("intake:mailbox_secret", args=[mailbox.pk])),
    ]


def test_agents_get_404_on_every_setup_page(as_alice, endpoint_box):
    mailbox, secret = endpoint_box
    for method, path in setup_urls(mailbox):
        assert getattr(as_alice, method)(path).status_code == 404, path
    assert Mailbox.objects.get().secret_hash == mailboxes.secret_hash(secret)


def test_admin_of_another_office_gets_404(endpoint_box, other_office):
    mailbox, _secret = endpoint_box
    client = Client()
    client.force_login(UserFactory(office=other_office, role=Role.ADMIN))
    for method, path in setup_urls(mailbox)[2:]:
        assert getattr(client, method)(path).status_code == 404, path
    assert b"Inbox" not in client.get(reverse("intake:mailbox_list")).content


def test_admin_adds_a_mailbox_and_sees_its_secret_once(as_admin, office, alice):
    response = as_admin.post(
        reverse("intake:mailbox_create"),
        {"name": "Sales", "kind": "imap", "host": "imap.example.org", "username": "sales",
         "password": "imap-pass", "folder": "", "use_ssl": "on", "default_owner": alice.pk},
    )  # fmt: skip

    mailbox = Mailbox.objects.get()
    assert response.status_code == 302
    assert (mailbox.office, mailbox.default_owner, mailbox.folder) == (office, alice, "INBOX")
    assert mailbox.password == "imap-pass"
    first = as_admin.get(reverse("intake:mailbox_detail", args=[mailbox.pk])).content.decode()
    secret = first.split('<article id="new-secret"', 1)[1].split("<code>", 1)[1].split("<", 1)[0]
    assert mailboxes.secret_hash(secret) == mailbox.secret_hash
    second = as_admin.get(reverse("intake:mailbox_detail", args=[mailbox.pk])).content.decode()
    assert secret not in second


def test_editing_without_a_password_keeps_it(as_admin, admin):
    mailbox, _ = mailboxes.mailbox_save(actor=admin, name="M", kind="imap", host="h",
                                       username="u", password="keep-me")  # fmt: skip

    as_admin.post(
        reverse("intake:mailbox_edit", args=[mailbox.pk]),
        {"name": "Renamed", "kind": "imap", "host": "h", "username": "u", "password": ""},
    )

    mailbox.refresh_from_db()
    assert (mailbox.name, mailbox.password) == ("Renamed", "keep-me")


def test_imap_needs_host_and_user(as_admin):
    response = as_admin.post(reverse("intake:mailbox_create"), {"name": "X", "kind": "imap"})

    assert response.status_code == 422
    assert not Mailbox.objects.exists()


def test_deactivating_from_setup(as_admin, endpoint_box):
    mailbox, _ = endpoint_box

    as_admin.post(reverse("intake:mailbox_active", args=[mailbox.pk]), {"active": "0"})

    mailbox.refresh_from_db()
    assert not mailbox.is_active


def test_admin_pages_render(as_admin, endpoint_box):
    mailbox, _ = endpoint_box
    for name in ("intake:mailbox_detail", "intake:mailbox_edit"):
        assert as_admin.get(reverse(name, args=[mailbox.pk])).status_code == 200
    assert b"Inbox" in as_admin.get(reverse("intake:mailbox_list")).content
    assert reverse("intake:mailbox_list").encode() in as_admin.get(reverse("setup:index")).content
