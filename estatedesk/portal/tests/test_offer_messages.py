"""The offer's private thread: messages both ways, the other side told by e-mail."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from estatedesk.activities.models import Activity, Notification
from estatedesk.portal.choices import Side
from estatedesk.portal.models import OfferMessage
from estatedesk.portal.services.offers import message_post, messages_mark_read
from estatedesk.portal.tests.factories import OfferFactory


def test_clients_message_mails_the_offering_agent_with_a_link(
    ann, alice, django_capture_on_commit_callbacks, settings
):
    settings.ESTATEDESK_BASE_URL = "https://crm.example.org"
    offer = OfferFactory(contact=ann.contact, offered_by=alice)

    with django_capture_on_commit_callbacks(execute=True):
        message = message_post(actor=ann.user, access=ann, offer=offer, body="Is there a lift?")

    assert (message.side, message.contact) == (Side.CLIENT, ann.contact)
    [sent] = mail.outbox
    assert sent.to == ["alice@example.com"]
    assert "Is there a lift?" in sent.body
    assert f"https://crm.example.org/contacts/{ann.contact.pk}/" in sent.body
    assert Activity.objects.filter(links__contact=ann.contact, kind="portal").exists()
    # and in EstateDesk itself: a notification that links to the contact's Portal tab
    [note] = Notification.objects.filter(user=alice)
    assert (note.kind, note.url) == ("portal", f"/contacts/{ann.contact.pk}/?tab=portal")


def test_agents_answer_reaches_the_client_whole(
    ann, alice, django_capture_on_commit_callbacks, settings
):
    settings.ESTATEDESK_BASE_URL = "https://crm.example.org"
    offer = OfferFactory(contact=ann.contact)

    with django_capture_on_commit_callbacks(execute=True):
        message_post(actor=alice, offer=offer, body="Yes, a new one since 2022.")

    [sent] = mail.outbox
    assert sent.to == ["ann@example.net"]
    assert "Yes, a new one since 2022." in sent.body
    assert f"https://crm.example.org/portal/properties/{offer.pk}/" in sent.body


def test_client_who_opted_out_of_email_gets_only_a_link(
    ann, alice, django_capture_on_commit_callbacks
):
    ann.contact.do_not_email = True
    ann.contact.save()
    offer = OfferFactory(contact=ann.contact)

    with django_capture_on_commit_callbacks(execute=True):
        message_post(actor=alice, offer=offer, body="The seller accepts 450k, secret.")

    [sent] = mail.outbox
    assert "secret" not in sent.body
    assert "450k" not in sent.subject + sent.body
    assert f"/portal/properties/{offer.pk}/" in sent.body


def test_nothing_is_mailed_when_the_post_fails(ann, alice, django_capture_on_commit_callbacks):
    offer = OfferFactory(contact=ann.contact)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        message_post(actor=alice, offer=offer, body="   ")

    assert mail.outbox == []
    assert not OfferMessage.objects.exists()


def test_nobody_else_can_write_in_the_thread(ann, ben, carol):
    offer = OfferFactory(contact=ann.contact)

    with pytest.raises(PermissionDenied):
        message_post(actor=ben.user, access=ben, offer=offer, body="Hi")
    with pytest.raises(PermissionDenied):
        message_post(actor=ben.user, access=ann, offer=offer, body="Hi")  # not ben's access
    with pytest.raises(PermissionDenied):
        message_post(actor=carol, offer=offer, body="Hi")


def test_no_answer_on_a_withdrawn_offer(ann, alice):
    offer = OfferFactory(contact=ann.contact, withdrawn_at=timezone.now())

    with pytest.raises(ValidationError):
        message_post(actor=alice, offer=offer, body="Still there?")


def test_reading_marks_the_other_sides_messages_read(ann, alice):
    offer = OfferFactory(contact=ann.contact)
    message_post(actor=ann.user, access=ann, offer=offer, body="Question")
    message_post(actor=alice, offer=offer, body="Answer")

    assert messages_mark_read(actor=alice, offer=offer) == 1
    assert messages_mark_read(actor=ann.user, access=ann, offer=offer) == 1
    assert not OfferMessage.objects.filter(read_at__isnull=True).exists()


def test_the_contacts_owner_is_told_when_the_offering_agent_left(
    ann, alice, bob, django_capture_on_commit_callbacks
):
    bob.is_active = False
    bob.save()
    offer = OfferFactory(contact=ann.contact, offered_by=bob)  # ann's contact is alice's

    with django_capture_on_commit_callbacks(execute=True):
        message_post(actor=ann.user, access=ann, offer=offer, body="Anyone there?")

    assert [m.to for m in mail.outbox] == [["alice@example.com"]]


def test_a_failing_mail_server_does_not_lose_the_message(
    ann, alice, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    offer = OfferFactory(contact=ann.contact, offered_by=alice)

    with django_capture_on_commit_callbacks(execute=True):
        message_post(actor=ann.user, access=ann, offer=offer, body="Still saved?")

    assert OfferMessage.objects.get().body == "Still saved?"
