"""The public form endpoint, and the Setup pages where administrators manage web forms."""

import json
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from estatedesk.accounts.forms import client_ip
from estatedesk.contacts.choices import PropertyType
from estatedesk.contacts.models import Lead
from estatedesk.core.html import sentence
from estatedesk.core.permissions import AdminRequiredMixin
from estatedesk.core.views import apply_validation_error

from . import receiving, services
from .choices import Assignment, FormField, Outcome
from .forms import LeadFormForm
from .models import LeadForm, Submission

MAX_BODY_BYTES = 64 * 1024
NON_FIELD = "__all__"
# The API's name for errors not about one field (DRF's default).
NON_FIELD_ERRORS = "non_field_errors"


def _cors(response: HttpResponse) -> HttpResponse:
    # Any site may post (that is the point of the form); no cookies are read or set.
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "POST, OPTIONS"
    response["Access-Control-Allow-Headers"] = "Content-Type, Accept"
    return response


def _wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return request.content_type == "application/json" or "application/json" in accept


@method_decorator(csrf_exempt, name="dispatch")
class SubmitView(View):
    """POST /capture/f/<key>/: form-encoded (a browser) or JSON (a site's script or server).

    A JSON client (a JSON body, or `Accept: application/json`) gets every error as the API
    gives it: `{"detail": "…"}` when the post as a whole is refused (unknown or inactive form,
    wrong method, too large, not a JSON object, too many posts), `{"field": ["message"]}` when
    fields are wrong. A browser gets a page.
    """

    http_method_names = ["post", "options"]

    def options(self, request, key: str):
        return _cors(HttpResponse(status=204))

    def http_method_not_allowed(self, request, *args, **kwargs):
        if not _wants_json(request):
            return super().http_method_not_allowed(request, *args, **kwargs)
        message = _("Method “%(method)s” not allowed.") % {"method": request.method}
        response = _cors(JsonResponse({"detail": message}, status=405))
        response["Allow"] = ", ".join(m.upper() for m in self._allowed_methods())
        return response

    def post(self, request, key: str):
        wants_json = _wants_json(request)
        too_much = _("Too much data.")
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES:
            return self.refuse(request, wants_json, 413, too_much)
        try:
            data = self.read(request)
        except RequestDataTooBig:
            # A chunked body has no length to check up front; Django stops reading it here.
            return self.refuse(request, wants_json, 413, too_much)
        if data is None:
            return self.refuse(request, wants_json, 400, _("Send a JSON object."))
        try:
            result = receiving.submission_receive(key=key, data=data, ip=client_ip(request))
        except LeadForm.DoesNotExist:
            if not wants_json:
                raise Http404 from None
            message = _("There is no form with this key, or it no longer takes submissions.")
            return self.refuse(request, wants_json, 404, message)
        if result.outcome == Outcome.RATE_LIMITED:
            message = _("Too many submissions. Try again in a minute.")
            return self.refuse(request, wants_json, 429, message)
        if result.outcome == Outcome.INVALID:
            return self.answer(request, wants_json, 400, result.errors)
        # Spam gets the same answer as success: a robot learns nothing from it.
        if wants_json:
            return _cors(JsonResponse({"status": "ok"}, status=201))
        if result.form.redirect_url:
            response = HttpResponseRedirect(result.form.redirect_url)
            response.status_code = 303
            return response
        return TemplateResponse(request, "capture/thanks.html", {"form": result.form})

    def read(self, request) -> dict | None:
        """The posted fields, or None for a JSON body that is not an object."""
        if request.content_type == "application/json":
            try:
                data = json.loads(request.body or b"{}")
            except (ValueError, UnicodeDecodeError):
                return None
            return data if isinstance(data, dict) else None
        return {
            name: request.POST.getlist(name)
            if name == FormField.PROPERTY_TYPES
            else request.POST.get(name)
            for name in request.POST
        }

    def refuse(self, request, wants_json: bool, status: int, message: str):
        """The post as a whole is refused."""
        if wants_json:
            return _cors(JsonResponse({"detail": message}, status=status))
        return self.answer(request, wants_json, status, {NON_FIELD: [message]})

    def answer(self, request, wants_json: bool, status: int, errors: dict):
        if wants_json:
            # Named as the API names errors not about one field.
            body = {(NON_FIELD_ERRORS if name == NON_FIELD else name): msgs
                    for name, msgs in errors.items()}  # fmt: skip
            return _cors(JsonResponse(body, status=status))
        labels = dict(FormField.choices)
        rows = [(str(labels.get(name, "")), msgs) for name, msgs in errors.items()]
        return TemplateResponse(
            request, "capture/errors.html", {"errors": rows, "status": status}, status=status
        )


# --- Setup (office administrators) --------------------------------------------------------------


class CaptureSetupMixin(AdminRequiredMixin):
    template_dir = "capture"

    def get_form_object(self) -> LeadForm:
        return get_object_or_404(
            LeadForm.objects.filter(office_id=self.office_id), pk=self.kwargs["pk"]
        )


def public_url(form: LeadForm) -> str:
    return settings.ESTATEDESK_BASE_URL.rstrip("/") + form.public_path()


def embed_snippet(form: LeadForm) -> str:
    """The HTML an office pastes into its site: a plain form, no script, with the honeypot."""
    fields = [FormField(f) for f in FormField.values if f in form.fields]
    return render_to_string(
        "capture/partials/_snippet.html",
        {
            "action": public_url(form),
            "fields": fields,
            "required": set(form.required_fields),
            "honeypot": receiving.HONEYPOT,
            "property_types": PropertyType.choices,
            "F": {f.name: f.value for f in FormField},
        },
    ).strip()


class FormListView(CaptureSetupMixin, View):
    def get(self, request):
        recent = Q(submissions__created_at__gte=timezone.now() - timedelta(days=30))
        refused = [Outcome.SPAM, Outcome.RATE_LIMITED, Outcome.INVALID]
        forms = (
            LeadForm.objects.filter(office_id=self.office_id)
            .select_related("source", "owner")
            .annotate(
                created_count=Count(
                    "submissions", filter=recent & Q(submissions__outcome=Outcome.CREATED)
                ),
                refused_count=Count(
                    "submissions", filter=recent & Q(submissions__outcome__in=refused)
                ),
            )
            .order_by("-is_active", "name", "pk")
        )
        return self.render("form_list.html", {"forms": forms})


class FormDetailView(CaptureSetupMixin, View):
    def get(self, request, pk: int):
        form = self.get_form_object()
        submissions = (
            Submission.objects.filter(office_id=form.office_id, form=form)
            .select_related("lead")
            .order_by("-created_at", "-pk")[:50]
        )
        lead_ids = {s.lead_id for s in submissions if s.lead_id}
        # An administrator does not see colleagues' personal leads: no name, no link.
        visible = set(
            Lead.objects.visible_to(request.user)
            .filter(pk__in=lead_ids)
            .values_list("pk", flat=True)
        )
        context = {
            "lead_form": form,
            "snippet": embed_snippet(form),
            "public_url": public_url(form),
            "submissions": submissions,
            "visible_lead_ids": visible,
            "rotation": [link.user for link in form.rotation.select_related("user")],
            "field_labels": [FormField(f).label for f in FormField.values if f in form.fields],
            "required_labels": [
                FormField(f).label for f in FormField.values if f in form.required_fields
            ],
            "limits": receiving.rate_limits(),
        }
        return self.render("form_detail.html", context)


class FormEditView(CaptureSetupMixin, View):
    """Add a form (no pk) or change one."""

    def get_instance(self) -> LeadForm | None:
        return self.get_form_object() if "pk" in self.kwargs else None

    def make_form(self, instance: LeadForm | None, data=None) -> LeadFormForm:
        initial = None
        if instance is not None:
            initial = {
                "name": instance.name,
                "fields": instance.fields,
                "required_fields": instance.required_fields,
                "source": instance.source_id,
                "assignment": instance.assignment,
                "owner": instance.owner_id,
                "agents": [link.user_id for link in instance.rotation.all()],
                "visibility": instance.visibility,
                "redirect_url": instance.redirect_url,
            }
        return LeadFormForm(
            data,
            initial=initial,
            office_id=self.office_id,
            current_source_id=instance.source_id if instance else None,
        )

    def render_form(self, instance, form, status=200):
        return self.render("form_form.html", {"lead_form": instance, "form": form}, status=status)

    def get(self, request, **kwargs):
        instance = self.get_instance()
        return self.render_form(instance, self.make_form(instance))

    def post(self, request, **kwargs):
        instance = self.get_instance()
        form = self.make_form(instance, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.lead_form_save(
                    actor=request.user,
                    form=instance,
                    name=data["name"],
                    fields=data["fields"],
                    required_fields=data["required_fields"],
                    source=data["source"],
                    assignment=data["assignment"] or Assignment.FIXED,
                    owner=data["owner"],
                    agents=list(data["agents"]),
                    visibility=data["visibility"],
                    redirect_url=data["redirect_url"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, sentence(_("The form %(name)s was saved."), name=saved))
                return redirect("capture:form_detail", pk=saved.pk)
        return self.render_form(instance, form, status=422)


class FormActiveView(CaptureSetupMixin, View):
    def post(self, request, pk: int):
        form = self.get_form_object()
        active = request.POST.get("active") in ("1", "true", "on")
        services.lead_form_set_active(form=form, actor=request.user, active=active)
        if active:
            messages.success(request, sentence(_("%(name)s takes submissions again."), name=form))
        else:
            messages.success(
                request,
                sentence(
                    _("%(name)s was deactivated: posts to it now get “not found”."), name=form
                ),
            )
        return redirect("capture:form_detail", pk=form.pk)
