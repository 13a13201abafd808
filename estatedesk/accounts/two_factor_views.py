"""Two-factor pages: the code step of logging in, the security page, enrolment, recovery codes."""

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from . import throttling, two_factor
from .models import User
from .throttling import client_ip


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        help_text=gettext_lazy(
            "The six digits your authenticator app shows, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class EnrolmentCodeForm(CodeForm):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        help_text=gettext_lazy("The six digits your authenticator app now shows for EstateDesk."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"), widget=forms.PasswordInput, strip=False
    )


def _next_url(request: HttpRequest) -> str:
    """Where to go once signed in: `next` if it is inside this site, else the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url("contacts:contact_list")


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def _user(request: HttpRequest) -> User:
    """The logged-in user (the views here require one)."""
    return cast(User, request.user)


def _is_verified(request: HttpRequest) -> bool:
    """Whether this session has given a second factor (django-otp's OTPMiddleware)."""
    return bool(getattr(request.user, "is_verified", lambda: False)())


def _needs_code(request: HttpRequest) -> bool:
    """A session of a user with two-factor that has not verified a code in this session."""
    return not _is_verified(request) and two_factor.has_two_factor(_user(request))


def _to_code_step(request: HttpRequest) -> HttpResponse:
    request.session[two_factor.SESSION_STEP_KEY] = two_factor.STEP_VERIFY
    url = reverse("accounts:two_factor_verify")
    return redirect(url + "?" + urlencode({"next": request.get_full_path()}))


class TwoFactorVerifyView(LoginRequiredMixin, View):
    """The second step of logging in: a code from the authenticator or a recovery code.
    Wrong codes count as failed logins of the account from this address (accounts.throttling)."""

    template_name = "accounts/two_factor_verify.html"

    def render(self, request: HttpRequest, form: CodeForm, status: int = 200) -> HttpResponse:
        context = {"form": form, "next": _next_url(request)}
        return TemplateResponse(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        if _is_verified(request):
            return redirect(_next_url(request))
        return self.render(request, CodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        user = _user(request)
        ip = client_ip(request)
        wait = throttling.login_retry_after(email=user.email, ip_address=ip)
        form = CodeForm(request.POST)
        if wait:
            form.is_valid()
            form.add_error(None, _("Too many wrong codes. Wait a few minutes and try again."))
            response = self.render(request, form, status=429)
            response["Retry-After"] = str(wait)
            return response
        code = form.cleaned_data["code"] if form.is_valid() else ""
        if code and two_factor.code_verify(request=request, user=user, code=code):
            throttling.login_failures_clear(email=user.email, ip_address=ip)
            return redirect(_next_url(request))
        throttling.login_failure_record(email=user.email, ip_address=ip)
        if form.is_valid():
            form.add_error("code", _("This code is not right, or was already used."))
        return self.render(request, form)


class SecurityView(LoginRequiredMixin, View):
    """The user's security page: two-factor status, recovery codes left, change password."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = _user(request)
        enrolled = two_factor.has_two_factor(user)
        context = {
            "enrolled": enrolled,
            "codes_left": two_factor.recovery_codes_left(user) if enrolled else 0,
            "required": bool(user.office and user.office.require_two_factor),
            "disable_form": PasswordConfirmForm(),
        }
        return TemplateResponse(request, "accounts/security.html", context)


class TwoFactorSetupView(LoginRequiredMixin, View):
    """Enrolment: scan the QR code (or type the secret), confirm with a code, get the recovery
    codes once. Also where an office that requires two-factor sends an un-enrolled user."""

    template_name = "accounts/two_factor_setup.html"

    def render(self, request: HttpRequest, form: CodeForm, status: int = 200) -> HttpResponse:
        device = two_factor.totp_enrolment_start(user=_user(request))
        context = {
            "form": form,
            "qr_svg": two_factor.qr_code_svg(device),
            "secret": two_factor.secret_base32(device),
            "next": _next_url(request),
        }
        return _no_store(TemplateResponse(request, self.template_name, context, status=status))

    def get(self, request: HttpRequest) -> HttpResponse:
        if _needs_code(request):
            return _to_code_step(request)
        return self.render(request, EnrolmentCodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if _needs_code(request):
            return _to_code_step(request)
        form = EnrolmentCodeForm(request.POST)
        if form.is_valid():
            codes = two_factor.totp_enrolment_confirm(
                request=request, user=_user(request), code=form.cleaned_data["code"]
            )
            if codes is not None:
                messages.success(request, _("Two-factor sign-in is on."))
                return _show_codes(request, codes)
            form.add_error(
                "code", _("This code is not right. Check your phone's clock and try again.")
            )
        return self.render(request, form, status=422)


def _show_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    context = {"codes": codes, "next": _next_url(request)}
    return _no_store(TemplateResponse(request, "accounts/recovery_codes.html", context))


class RecoveryCodesView(LoginRequiredMixin, View):
    """New recovery codes (the old ones stop working), shown once."""

    def post(self, request: HttpRequest) -> HttpResponse:
        if _needs_code(request):
            return _to_code_step(request)
        if not two_factor.has_two_factor(_user(request)):
            return redirect("accounts:security")
        return _show_codes(request, two_factor.recovery_codes_replace(user=_user(request)))


class TwoFactorDisableView(LoginRequiredMixin, View):
    """Turn two-factor off, with the password; not while the office requires it."""

    def post(self, request: HttpRequest) -> HttpResponse:
        user = _user(request)
        if _needs_code(request):
            return _to_code_step(request)
        if user.office is not None and user.office.require_two_factor:
            messages.error(request, _("Your office requires two-factor sign-in for everyone."))
            return redirect("accounts:security")
        form = PasswordConfirmForm(request.POST)
        if not form.is_valid() or not user.check_password(form.cleaned_data["password"]):
            messages.error(request, _("That is not your password; two-factor sign-in stays on."))
            return redirect("accounts:security")
        two_factor.two_factor_disable(user=user)
        messages.success(request, _("Two-factor sign-in is off."))
        return redirect("accounts:security")
