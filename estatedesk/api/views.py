"""The API tokens page: create (the key is shown once, with an optional expiry), rename and
revoke your own tokens."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from estatedesk.core.html import error_sentence, sentence
from estatedesk.core.http import StaffRequest
from estatedesk.core.permissions import StaffRequiredMixin

from . import services
from .models import ApiToken


class TokenNameForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What uses the token, e.g. “Website forms” or “Zapier”."),
    )


class TokenCreateForm(TokenNameForm):
    expires_in_days = forms.TypedChoiceField(
        label=gettext_lazy("Expires"),
        choices=[
            ("", gettext_lazy("Never")),
            ("7", gettext_lazy("In 7 days")),
            ("30", gettext_lazy("In 30 days")),
            ("90", gettext_lazy("In 90 days")),
            ("365", gettext_lazy("In a year")),
        ],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=gettext_lazy("An expired token is refused; make a new one then."),
    )


def _add_errors(form: forms.Form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


class TokenListView(StaffRequiredMixin, View):
    template_name = "api/tokens.html"

    def render(self, request: StaffRequest, form, *, key: str = "", status: int = 200):
        tokens = ApiToken.objects.filter(user=request.user).order_by("revoked_at", "-created_at")
        context = {"form": form, "tokens": tokens, "new_key": key, "nav": "api-tokens"}
        return TemplateResponse(request, self.template_name, context, status=status)

    def get(self, request: StaffRequest) -> HttpResponse:
        return self.render(request, TokenCreateForm())

    def post(self, request: StaffRequest) -> HttpResponse:
        form = TokenCreateForm(request.POST)
        if form.is_valid():
            try:
                _token, key = services.token_create(
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    expires_in_days=form.cleaned_data["expires_in_days"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                # The key is in this response only: it is never stored, so never shown again.
                response = self.render(request, TokenCreateForm(), key=key, status=201)
                response["Cache-Control"] = "no-store"
                return response
        return self.render(request, form, status=400)


class TokenActionView(StaffRequiredMixin, View):
    def get_token(self, request: StaffRequest, pk: int) -> ApiToken:
        return get_object_or_404(ApiToken, pk=pk, user=request.user)


class TokenRevokeView(TokenActionView):
    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        token = self.get_token(request, pk)
        try:
            services.token_revoke(token=token, actor=request.user)
        except PermissionDenied:
            raise Http404 from None
        messages.success(request, sentence(_("The token “%(name)s” was revoked."), name=token.name))
        return redirect("api:tokens")


class TokenRenameView(TokenActionView):
    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        token = self.get_token(request, pk)
        form = TokenNameForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the token a name of at most 100 characters."))
            return redirect("api:tokens")
        try:
            services.token_rename(token=token, actor=request.user, name=form.cleaned_data["name"])
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            messages.error(request, error_sentence(exc))
        return redirect("api:tokens")


def api_not_found(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"detail": _("Not found.")}, status=404)
