"""Log in, log out, change password, and ask for a password reset link."""

from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from . import services, throttling, two_factor
from .forms import OwnPasswordChangeForm, StaffPasswordResetForm, ThrottledLoginForm


class LoginView(auth_views.LoginView):
    """Django's login view: `next=` is only followed inside this site (allowed hosts).

    A throttled attempt answers 429 with Retry-After, the form showing why. A user with
    two-factor (or of an office that requires it) is then half logged in: the session owes a
    code, or enrolment, before anything else opens (accounts.two_factor_middleware).
    """

    form_class = ThrottledLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        step = two_factor.step_after_password(user)
        response = super().form_valid(form)
        if step is None:
            ip = throttling.client_ip(self.request)
            throttling.login_failures_clear(email=user.email, ip_address=ip)
            return response
        # Failures are forgotten only once the code is right (two_factor_views).
        self.request.session[two_factor.SESSION_STEP_KEY] = step
        page = "two_factor_verify" if step == two_factor.STEP_VERIFY else "two_factor_setup"
        query = urlencode({"next": self.get_success_url()})
        return redirect(f"{reverse('accounts:' + page)}?{query}")

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.retry_after:
            response.status_code = 429
            response["Retry-After"] = str(form.retry_after)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's: this session stays logged in, the user's other sessions end (their hash no
    longer matches); API tokens are revoked too when the user ticks the box."""

    form_class = OwnPasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(
            user=form.user, revoke_api_tokens=form.cleaned_data["revoke_api_tokens"]
        )
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetRequestView(View):
    """“Forgot password”: the same answer for every address, known or not; a link goes by
    e-mail only to an active administrator or agent (StaffPasswordResetForm). An address that
    asks too often in an hour gets 429."""

    template_name = "accounts/password_reset.html"

    def get(self, request):
        return TemplateResponse(request, self.template_name, {"form": StaffPasswordResetForm()})

    def post(self, request):
        form = StaffPasswordResetForm(request.POST)
        if not form.is_valid():
            return TemplateResponse(request, self.template_name, {"form": form}, status=422)
        if not throttling.reset_request_allowed(ip_address=throttling.client_ip(request)):
            form.add_error(None, _("Too many requests from here. Try again in an hour."))
            response = TemplateResponse(request, self.template_name, {"form": form}, status=429)
            response["Retry-After"] = str(throttling.RESET_WINDOW_SECONDS)
            return response
        form.send()
        return redirect("accounts:password_reset_sent")


class PasswordResetSentView(View):
    def get(self, request):
        return TemplateResponse(request, "accounts/password_reset_sent.html", {})
