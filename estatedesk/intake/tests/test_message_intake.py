"""A message becomes an incoming e-mail activity on its sender, or a new lead."""

from email.message import EmailMessage

import pytest

from estatedesk.activities.models import Activity, ActivityLink
from estatedesk.classification.models import LeadSource
from estatedesk.contacts.models import Lead
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory
from estatedesk.documents.models import Document
from estatedesk.intake import mailboxes
from estatedesk.intake.models import IntakeMessage
from estatedesk.intake.services import message_intake
from estatedesk.properties.models import Property, PropertyLink

from .conftest import plain_message


def activities_of(**record) -> list[Activity]:
    return [link.activity for link in ActivityLink.objects.filter(**record)
            .select_related("activity")]  # fmt: skip


def test_unknown_sender_becomes_a_lead_with_source_email_and_the_activity(office, admin):
    result = message_intake(office=office, raw=plain_message())

    lead = Lead.objects.get()
    assert result.outcome == "created_lead"
    assert result.lead == lead
    assert (lead.first_name, lead.last_name) == ("Eva", "de Vries")
    assert lead.source.name == "E-mail"
    assert lead.owner == admin
    assert list(lead.emails.values_list("email", flat=True)) == ["eva@example.org"]
    [activity] = activities_of(lead=lead)
    assert (activity.kind, activity.direction) == ("email", "in")
    assert activity.subject == "Question about your listing"
    assert activity.body == "Is the apartment still available?"
    assert activity.occurred_at.isoformat() == "2026-11-02T08:30:00+00:00"
    assert LeadSource.objects.filter(office=office, name="E-mail").count() == 1


def test_the_mailboxs_owner_of_new_leads_owns_them(office, admin, alice):
    mailbox, _secret = mailboxes.mailbox_save(
        actor=admin, name="Sales", kind="endpoint", default_owner=alice
    )

    message_intake(office=office, raw=plain_message(), mailbox=mailbox)

    assert Lead.objects.get().owner == alice


def test_html_only_message_is_read_as_text(office, admin):
    msg = EmailMessage()
    msg["From"] = "Tom Peters <tom@example.org>"
    msg["Subject"] = "Viewing"
    msg["Message-ID"] = "<html1@example.org>"
    msg.set_content(
        "<html><head><style>p {color: red}</style></head><body><p>Hello &amp; good day,</p>"
        "<p>Could we <b>visit</b> on Friday?</p><ul><li>Morning</li><li>Noon</li></ul>"
        "<script>alert(1)</script></body></html>",
        subtype="html",
    )

    message_intake(office=office, raw=msg.as_bytes())

    [activity] = activities_of(lead=Lead.objects.get())
    assert activity.body == "Hello & good day,\n\nCould we visit on Friday?\n\n- Morning\n\n- Noon"


def test_multipart_alternative_prefers_plain_text_and_lists_attachments(office, admin):
    msg = EmailMessage()
    msg["From"] = "Tom Peters <tom@example.org>"
    msg["Subject"] = "My documents"
    msg["Message-ID"] = "<multi@example.org>"
    msg.set_content("Plain text version.")
    msg.add_alternative("<p>HTML version.</p>", subtype="html")
    msg.add_attachment(b"%PDF-1.4\n% a payslip\n", maintype="application", subtype="pdf",
                       filename="payslip.pdf")  # fmt: skip
    msg.add_attachment(b"MZ\x90\x00", maintype="application", subtype="octet-stream",
                       filename="setup.exe")  # fmt: skip

    result = message_intake(office=office, raw=msg.as_bytes())

    lead = Lead.objects.get()
    [activity] = activities_of(lead=lead)
    assert activity.body.startswith("Plain text version.")
    assert "HTML version" not in activity.body
    assert "payslip.pdf, setup.exe" in activity.body
    assert result.attachments == ["payslip.pdf", "setup.exe"]
    # The allowed type is kept as a document on the lead; the program is only listed.
    assert result.documents == ["payslip.pdf"]
    assert list(Document.objects.values_list("original_name", "object_id")) == [
        ("payslip.pdf", lead.pk)
    ]


ISO_8859_1_MESSAGE = (
    b"From: =?ISO-8859-1?Q?Ren=E9e_M=FCller?= <Renee.Muller@Example.ORG>\r\n"
    b"To: info@homes.example\r\n"
    b"Subject: =?iso-8859-1?q?Caf=E9_pr=E8s_de_la_gare?=\r\n"
    b"Message-ID: <latin1@example.org>\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=ISO-8859-1\r\n"
    b"Content-Transfer-Encoding: 8bit\r\n"
    b"\r\n"
    b"Bonjour, je suis int\xe9ress\xe9e par l'appartement \xe0 Utrecht.\r\n"
    b"Budget : 300\xa0000 \x80, \x93sans travaux\x94.\r\n"
)


def test_iso_8859_1_body_and_encoded_word_name_are_decoded(office, admin):
    message_intake(office=office, raw=ISO_8859_1_MESSAGE)

    lead = Lead.objects.get()
    assert (lead.first_name, lead.last_name) == ("Renée", "Müller")
    assert list(lead.emails.values_list("email", flat=True)) == ["renee.muller@example.org"]
    [activity] = activities_of(lead=lead)
    assert activity.subject == "Café près de la gare"
    # Latin-1 as mail programs mean it: Windows-1252, with its € and curly quotes.
    assert activity.body == (
        "Bonjour, je suis intéressée par l'appartement à Utrecht.\n"
        "Budget : 300\xa0000 €, “sans travaux”."
    )


def test_windows_1252_quoted_printable_and_last_comma_first_name(office, admin):
    raw = (
        b'From: "Lopez, Ana" <ana@example.org>\r\n'
        b"Subject: Offer\r\nMessage-ID: <cp1252@example.org>\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=windows-1252\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        b"We offer =80 250.000 =96 na=EFve?\r\n"
    )

    message_intake(office=office, raw=raw)

    lead = Lead.objects.get()
    assert (lead.first_name, lead.last_name) == ("Ana", "Lopez")
    assert activities_of(lead=lead)[0].body == "We offer € 250.000 – naïve?"


def test_known_contact_gets_the_activity_and_no_lead_is_made(office, alice):
    contact = ContactFactory(owner=alice, emails=["Eva@Example.org"])

    result = message_intake(office=office, raw=plain_message())

    assert result.outcome == "logged"
    assert result.contact == contact
    assert not Lead.objects.exists()
    [activity] = activities_of(contact=contact)
    assert (activity.kind, activity.direction, activity.logged_by) == ("email", "in", alice)
    contact.refresh_from_db()
    assert contact.last_contacted_at == activity.occurred_at


def test_known_lead_gets_the_activity(office, bob):
    lead = LeadFactory(owner=bob, emails=["eva@example.org"])

    result = message_intake(office=office, raw=plain_message())

    assert (result.outcome, result.lead) == ("logged", lead)
    assert Lead.objects.count() == 1
    assert len(activities_of(lead=lead)) == 1


def test_a_contact_is_preferred_over_a_lead(office, alice):
    lead = LeadFactory(owner=alice, emails=["eva@example.org"])
    contact = ContactFactory(owner=alice, emails=["eva@example.org"])

    message_intake(office=office, raw=plain_message())

    assert len(activities_of(contact=contact)) == 1
    assert activities_of(lead=lead) == []


def test_a_contact_of_another_office_is_a_stranger(office, admin, carol):
    ContactFactory(owner=carol, emails=["eva@example.org"])

    result = message_intake(office=office, raw=plain_message())

    assert result.outcome == "created_lead"
    assert result.lead.office == office


def test_the_same_message_id_twice_is_taken_in_once(office, admin):
    first = message_intake(office=office, raw=plain_message())
    second = message_intake(office=office, raw=plain_message(body="Resent by the server"))

    assert second.outcome == "duplicate"
    assert second.lead == first.lead
    assert Lead.objects.count() == 1
    assert Activity.objects.count() == 1
    assert IntakeMessage.objects.count() == 1


def test_a_message_without_message_id_is_recognised_by_its_content(office, admin):
    raw = plain_message(message_id=None)
    message_intake(office=office, raw=raw)
    assert message_intake(office=office, raw=raw).outcome == "duplicate"
    assert Activity.objects.count() == 1


@pytest.fixture
def listing(alice):
    return Property.objects.create(
        office=alice.office, owner=alice, reference="P-000123", street="Keizersgracht",
        house_number="12", city="Amsterdam",
    )  # fmt: skip


PORTAL_BODY = (
    "New inquiry via HomePortal\n\nListing: p-000123 (Keizersgracht 12)\n"
    "Message: I would like to see this apartment."
)


def test_portal_inquiry_from_a_known_contact_links_the_property(office, alice, listing):
    contact = ContactFactory(owner=alice, emails=["eva@example.org"])
    raw = plain_message(sender="HomePortal <noreply@portal.example>", subject="Inquiry",
                        body=PORTAL_BODY, reply_to="Eva de Vries <eva@example.org>")  # fmt: skip

    result = message_intake(office=office, raw=raw)

    assert result.contact == contact
    assert result.listing == listing
    assert result.listing_linked
    link = PropertyLink.objects.get()
    assert (link.property, link.contact, link.role) == (listing, contact, "interested")
    assert result.as_json()["property"] == {"id": listing.pk, "reference": "P-000123",
                                            "linked": True}  # fmt: skip


def test_portal_inquiry_from_a_stranger_makes_a_lead_linked_to_the_property(office, admin, listing):
    raw = plain_message(sender="HomePortal <noreply@portal.example>", subject="Inquiry",
                        body=PORTAL_BODY, reply_to="Eva de Vries <eva@example.org>")  # fmt: skip

    result = message_intake(office=office, raw=raw)

    lead = Lead.objects.get()
    assert (lead.first_name, lead.last_name) == ("Eva", "de Vries")
    assert list(lead.emails.values_list("email", flat=True)) == ["eva@example.org"]
    assert result.listing == listing
    assert "P-000123" in activities_of(lead=lead)[0].body
    assert IntakeMessage.objects.get().property == listing
    link = PropertyLink.objects.get()
    assert (link.property, link.lead, link.contact, link.role) == (
        listing, lead, None, "interested"
    )  # fmt: skip
    assert link.created_by == admin
    assert result.listing_linked
    assert result.as_json()["property"] == {"id": listing.pk, "reference": "P-000123",
                                            "linked": True}  # fmt: skip


def test_a_second_inquiry_from_the_same_lead_does_not_link_twice(office, admin, listing):
    def inquiry(message_id: str) -> bytes:
        return plain_message(sender="HomePortal <noreply@portal.example>", subject="Inquiry",
                             body=PORTAL_BODY, reply_to="Eva de Vries <eva@example.org>",
                             message_id=message_id)  # fmt: skip

    message_intake(office=office, raw=inquiry("<a1@portal.example>"))
    second = message_intake(office=office, raw=inquiry("<a2@portal.example>"))

    lead = Lead.objects.get()
    assert second.lead == lead
    assert second.listing_linked
    assert list(PropertyLink.objects.values_list("lead_id", "role")) == [(lead.pk, "interested")]


def test_an_inquiry_about_a_property_the_lead_owner_cannot_see_is_named_not_linked(
    office, admin, alice
):
    Property.objects.create(
        office=office, owner=alice, visibility="personal", reference="P-000123",
        street="Keizersgracht", house_number="12", city="Amsterdam",
    )  # fmt: skip
    raw = plain_message(sender="HomePortal <noreply@portal.example>", subject="Inquiry",
                        body=PORTAL_BODY, reply_to="Eva de Vries <eva@example.org>")  # fmt: skip

    result = message_intake(office=office, raw=raw)

    assert result.lead is not None
    assert not result.listing_linked
    assert not PropertyLink.objects.exists()


def test_a_reference_inside_a_longer_word_is_not_a_match(office, admin, listing):
    message_intake(office=office, raw=plain_message(body="Order XP-0001234 and P-0001234"))

    assert IntakeMessage.objects.get().property is None


def test_a_message_without_sender_is_refused(office, admin):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        message_intake(office=office, raw=b"Subject: hi\r\n\r\nno sender\r\n")
    assert not IntakeMessage.objects.exists()


def test_an_out_of_office_reply_is_recorded_and_files_nothing(office, admin):
    raw = plain_message(subject="Out of office").replace(
        b"Subject:", b"Auto-Submitted: auto-replied\nSubject:", 1
    )

    result = message_intake(office=office, raw=raw)

    assert result.outcome == "ignored"
    assert not Lead.objects.exists()
    assert not Activity.objects.exists()
    assert IntakeMessage.objects.get().outcome == "ignored"


def test_a_bounce_files_nothing(office, admin):
    message_intake(office=office, raw=plain_message(sender="MAILER-DAEMON@mx.example.org"))

    assert not Lead.objects.exists()


def test_an_auto_generated_portal_notice_is_taken_in(office, admin):
    raw = plain_message().replace(b"Subject:", b"Auto-Submitted: auto-generated\nSubject:", 1)

    assert message_intake(office=office, raw=raw).outcome == "created_lead"
