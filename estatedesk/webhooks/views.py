"""Setup → Webhooks, for office administrators; to anyone else these pages do not exist (404).

Another office's webhook or delivery answers 404, exactly like one that does not exist.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View

from estatedesk.core.html import error_sentence, sentence
from estatedesk.core.http import StaffRequest
from estatedesk.core.permissions import AdminRequiredMixin
from estatedesk.core.views import apply_validation_error

from . import services
from .forms import WebhookForm
from .models import Delivery, Webhook

DELIVERIES_PER_PAGE = 50
WEBHOOKS_PER_PAGE = 50


class WebhookMixin(AdminRequiredMixin):
    template_dir = "webhooks"

    def get_webhook(self) -> Webhook:
        return get_object_or_404(Webhook, office_id=self.office_id,
                                 pk=self.kwargs["pk"])  # fmt: skip


class WebhookListView(WebhookMixin, View):
    def get(self, request):
        webhooks = Webhook.objects.filter(office_id=self.office_id).order_by("created_at", "pk")
        page = Paginator(webhooks, WEBHOOKS_PER_PAGE).get_page(request.GET.get("page"))
        return self.render("webhook_list.html", {"webhooks": page.object_list, "page": page})


class WebhookEditView(WebhookMixin, View):
    """Add a webhook (no pk) or change one; the page shows its secret and its actions."""

    def get_instance(self) -> Webhook | None:
        return self.get_webhook() if "pk" in self.kwargs else None

    def render_form(self, webhook: Webhook | None, form: WebhookForm, status: int = 200):
        return self.render("webhook_form.html", {"webhook": webhook, "form": form}, status=status)

    def get(self, request: StaffRequest, **kwargs) -> HttpResponse:
        webhook = self.get_instance()
        if webhook is None:
            return self.render_form(None, WebhookForm())
        initial = {"url": webhook.url, "events": webhook.events, "is_active": webhook.is_active}
        return self.render_form(webhook, WebhookForm(initial=initial))

    def post(self, request: StaffRequest, **kwargs) -> HttpResponse:
        webhook = self.get_instance()
        form = WebhookForm(request.POST)
        if form.is_valid():
            try:
                if webhook is None:
                    saved = services.webhook_create(actor=request.user, **form.cleaned_data)
                else:
                    saved = services.webhook_update(
                        webhook=webhook, actor=request.user, **form.cleaned_data
                    )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                if webhook is None:
                    messages.success(
                        request,
                        _("The webhook was added. Copy its signing secret into your system."),
                    )
                else:
                    messages.success(request, _("The webhook was saved."))
                return redirect("webhooks:edit", pk=saved.pk)
        if webhook is not None:
            webhook.refresh_from_db()
        return self.render_form(webhook, form, status=422)


class WebhookSecretView(WebhookMixin, View):
    def post(self, request, pk: int):
        webhook = services.webhook_regenerate_secret(webhook=self.get_webhook(), actor=request.user)
        messages.success(
            request,
            _("A new signing secret was made; deliveries from now on are signed with it."),
        )
        return redirect("webhooks:edit", pk=webhook.pk)


class WebhookTestView(WebhookMixin, View):
    def post(self, request, pk: int):
        webhook = self.get_webhook()
        try:
            services.webhook_send_test(webhook=webhook, actor=request.user)
        except ValidationError as exc:
            messages.error(request, error_sentence(exc))
            return redirect("webhooks:edit", pk=webhook.pk)
        messages.success(request, _("A test event was queued; its delivery is listed below."))
        return redirect("webhooks:deliveries", pk=webhook.pk)


class WebhookDeleteView(WebhookMixin, View):
    def post(self, request, pk: int):
        webhook = self.get_webhook()
        url = webhook.url
        services.webhook_delete(webhook=webhook, actor=request.user)
        messages.success(request, sentence(_("The webhook to %(url)s was deleted."), url=url))
        return redirect("webhooks:list")


class DeliveryListView(WebhookMixin, View):
    def get(self, request, pk: int):
        webhook = self.get_webhook()
        deliveries = Delivery.objects.filter(office_id=webhook.office_id, webhook=webhook).only(
            "pk", "event", "event_id", "status", "response_code", "attempts", "next_attempt_at",
            "last_error", "created_at", "delivered_at", "last_attempt_at", "webhook_id",
        ).order_by("-created_at", "-pk")  # fmt: skip
        page = Paginator(deliveries, DELIVERIES_PER_PAGE).get_page(request.GET.get("page"))
        return self.render("delivery_list.html", {"webhook": webhook, "page": page})


class DeliveryRetryView(WebhookMixin, View):
    def post(self, request, pk: int, delivery_pk: int):
        webhook = self.get_webhook()
        delivery = get_object_or_404(
            Delivery.objects.select_related("webhook"), webhook=webhook, pk=delivery_pk
        )
        try:
            services.delivery_retry_now(delivery=delivery, actor=request.user)
        except ValidationError as exc:
            messages.error(request, error_sentence(exc))
        else:
            messages.success(request, _("The delivery will be tried again at once."))
        return redirect("webhooks:deliveries", pk=webhook.pk)
