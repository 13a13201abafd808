"""The endpoint mail servers post messages to, and the Setup pages for mailboxes."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from estatedesk.contacts.models import Contact, Lead
from estatedesk.core.html import sentence
from estatedesk.core.permissions import AdminRequiredMixin
from estatedesk.core.storage import StorageFull
from estatedesk.core.views import apply_validation_error

from . import mailboxes, services
from .forms import MailboxForm
from .models import IntakeMessage, Mailbox

# Messages with attachments outgrow Django's 2.5 MB request body limit; this endpoint reads
# the stream itself, up to this.
MAX_MESSAGE_BYTES = 25 * 1024 * 1024
STORAGE_FULL_RETRY_SECONDS = 600
SECRET_SESSION_KEY = "intake_new_secret"  # noqa: S105 - a session key, not a secret


@method_decorator(csrf_exempt, name="dispatch")
class MessageEndpointView(View):
    """POST /intake/messages/ with a raw message (Content-Type: message/rfc822).

    Authorization: Bearer <the mailbox's secret>. Answers 201 with what was created or
    logged, 200 for a message already received, 401 without a valid secret, 507 (nothing
    taken in) when the disk has no room for its attachments.
    """

    http_method_names = ["post"]

    def post(self, request):
        scheme, _sep, secret = request.headers.get("Authorization", "").partition(" ")
        mailbox = mailboxes.mailbox_for_secret(secret.strip()) if scheme == "Bearer" else None
        if mailbox is None:
            response = JsonResponse({"detail": _("A valid mailbox secret is required.")},
                                    status=401)  # fmt: skip
            response["WWW-Authenticate"] = 'Bearer realm="intake"'
            return response
        if request.content_type != "message/rfc822":
            return JsonResponse({"detail": _("Send the message as message/rfc822.")}, status=415)
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > MAX_MESSAGE_BYTES:
            return JsonResponse({"detail": _("The message is too large.")}, status=413)
        raw = request.read(MAX_MESSAGE_BYTES + 1)
        if len(raw) > MAX_MESSAGE_BYTES:
            return JsonResponse({"detail": _("The message is too large.")}, status=413)
        if not raw.strip():
            return JsonResponse({"detail": _("The message is empty.")}, status=400)
        try:
            result = services.message_intake(office=mailbox.office, raw=raw, mailbox=mailbox)
        except ValidationError as exc:
            return JsonResponse(
                exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages},
                status=400,
            )
        except StorageFull as exc:
            # Nothing was taken in: a 5xx makes the mail server post the message again later.
            response = JsonResponse({"detail": str(exc.detail)}, status=exc.status_code)
            response["Retry-After"] = str(STORAGE_FULL_RETRY_SECONDS)
            return response
        status = 201 if result.outcome in ("created_lead", "logged") else 200
        return JsonResponse(result.as_json(), status=status)


# --- Setup (office administrators) --------------------------------------------------------------


class IntakeSetupMixin(AdminRequiredMixin):
    template_dir = "intake"

    def get_mailbox(self) -> Mailbox:
        return get_object_or_404(
            Mailbox.objects.filter(office_id=self.office_id), pk=self.kwargs["pk"]
        )


def endpoint_url() -> str:
    return settings.ESTATEDESK_BASE_URL.rstrip("/") + reverse("intake:messages")


class MailboxListView(IntakeSetupMixin, View):
    def get(self, request):
        boxes = Mailbox.objects.filter(office_id=self.office_id).select_related("default_owner")
        return self.render("mailbox_list.html", {"mailboxes": boxes})


class MailboxDetailView(IntakeSetupMixin, View):
    def get(self, request, pk: int):
        mailbox = self.get_mailbox()
        received = list(
            IntakeMessage.objects.filter(office_id=mailbox.office_id, mailbox=mailbox)
            .select_related("lead", "contact", "property")
            .order_by("-created_at", "-pk")[:50]
        )
        # An administrator does not see colleagues' personal records: no name, no link.
        visible = {
            "lead": set(Lead.objects.visible_to(request.user).filter(
                pk__in=[m.lead_id for m in received if m.lead_id]).values_list("pk", flat=True)),
            "contact": set(Contact.objects.visible_to(request.user).filter(
                pk__in=[m.contact_id for m in received if m.contact_id]
            ).values_list("pk", flat=True)),
        }  # fmt: skip
        for item in received:
            item.shown_record = (
                item.contact if item.contact_id in visible["contact"]
                else item.lead if item.lead_id in visible["lead"] else None
            )  # fmt: skip
        context = {
            "mailbox": mailbox,
            "received": received,
            "endpoint_url": endpoint_url(),
            "new_secret": request.session.pop(SECRET_SESSION_KEY + str(mailbox.pk), ""),
        }
        return self.render("mailbox_detail.html", context)


class MailboxEditView(IntakeSetupMixin, View):
    """Add a mailbox (no pk) or change one."""

    def get_instance(self) -> Mailbox | None:
        return self.get_mailbox() if "pk" in self.kwargs else None

    def render_form(self, instance, form, status=200):
        return self.render("mailbox_form.html", {"mailbox": instance, "form": form},
                           status=status)  # fmt: skip

    def get(self, request, **kwargs):
        instance = self.get_instance()
        initial = None
        if instance is not None:
            initial = model_to_dict(instance, fields=[f for f in mailboxes.MAILBOX_FIELDS
                                                      if f != "password"])  # fmt: skip
        form = MailboxForm(initial=initial, office_id=self.office_id)
        return self.render_form(instance, form)

    def post(self, request, **kwargs):
        instance = self.get_instance()
        form = MailboxForm(request.POST, office_id=self.office_id)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["folder"] = data["folder"] or "INBOX"
            try:
                saved, secret = mailboxes.mailbox_save(actor=request.user, mailbox=instance, **data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                if secret:
                    # Shown once on the next page; only its hash is kept.
                    request.session[SECRET_SESSION_KEY + str(saved.pk)] = secret
                messages.success(
                    request, sentence(_("The mailbox %(name)s was saved."), name=saved)
                )
                return redirect("intake:mailbox_detail", pk=saved.pk)
        return self.render_form(instance, form, status=422)


class MailboxActiveView(IntakeSetupMixin, View):
    def post(self, request, pk: int):
        mailbox = self.get_mailbox()
        active = request.POST.get("active") in ("1", "true", "on")
        mailboxes.mailbox_set_active(mailbox=mailbox, actor=request.user, active=active)
        if active:
            messages.success(request, sentence(_("%(name)s is read again."), name=mailbox))
        else:
            messages.success(
                request,
                sentence(
                    _("%(name)s is no longer read, and its secret no longer accepted."),
                    name=mailbox,
                ),
            )
        return redirect("intake:mailbox_detail", pk=mailbox.pk)


class MailboxSecretView(IntakeSetupMixin, View):
    def post(self, request, pk: int):
        mailbox = self.get_mailbox()
        secret = mailboxes.mailbox_new_secret(mailbox=mailbox, actor=request.user)
        request.session[SECRET_SESSION_KEY + str(mailbox.pk)] = secret
        messages.success(request, _("A new secret was made; the old one no longer works."))
        return redirect("intake:mailbox_detail", pk=mailbox.pk)
