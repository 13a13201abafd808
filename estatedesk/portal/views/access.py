"""The portal's door: logging in and out, choosing which access to act through, accepting an
invitation, changing and resetting a password, and the office's face (colour, logo)."""

from __future__ import annotations

import mimetypes
import re
from typing import Any

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, URLPattern, path, reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views import View

from estatedesk.accounts import throttling
from estatedesk.core.views import apply_validation_error

from ..forms_access import AcceptInvitationForm, PortalLoginForm, PortalPasswordResetForm
from ..middleware import PORTAL_PREFIX
from ..models import PortalAccess
from ..services import access as access_services
from .base import SESSION_ACCESS_KEY, ClientView, activate_client_locale

BACKEND = "estatedesk.accounts.backends.OfficeModelBackend"
# Where the offered properties live (the offers' views): home until they are merged in.
PROPERTIES_PATH = "/portal/properties/"
DEFAULT_BRAND_COLOUR = "#0f5b78"
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def url_or_none(name: str) -> str | None:
    """The URL of `name`, or None while the view that serves it is not there yet."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _usable_accesses(user_id: int) -> list[PortalAccess]:
    return list(
        PortalAccess.objects.usable()
        .filter(user_id=user_id)
        .select_related("contact", "office")
        .order_by("office__name", "contact__sort_name", "pk")
    )


def _enter(request: HttpRequest, access: PortalAccess) -> None:
    """Act through `access` from now on in this session."""
    request.session[SESSION_ACCESS_KEY] = access.pk
    access_services.portal_login_record(access=access)


class LoginView(auth_views.LoginView):
    """The portal's own login: the staff login's throttling (429 with Retry-After), portal
    clients only. A login with several accesses then chooses one."""

    form_class = PortalLoginForm
    template_name = "portal/access/login.html"

    def get_success_url(self) -> str:
        # `next=` only inside the portal: a client has nothing to do anywhere else.
        target = self.get_redirect_url()
        return target if target.startswith(PORTAL_PREFIX) else reverse("portal:home")

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        response = super().form_valid(form)
        throttling.login_failures_clear(
            email=user.email, ip_address=throttling.client_ip(self.request)
        )
        accesses = _usable_accesses(user.pk)
        if len(accesses) > 1:
            return redirect("portal:switch")
        _enter(self.request, accesses[0])
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if form.retry_after:
            response.status_code = 429
            response["Retry-After"] = str(form.retry_after)
        return response


class LogoutView(auth_views.LogoutView):
    next_page = "portal:login"


class HomeView(ClientView):
    """The portal opens on the offered properties."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return HttpResponseRedirect(url_or_none("portal:offer_list") or PROPERTIES_PATH)


class SwitchView(ClientView):
    """A login holding several accesses (contacts, offices) picks the one to act through."""

    def get(self, request: HttpRequest) -> HttpResponse:
        accesses = _usable_accesses(request.user.pk)  # type: ignore[arg-type]
        return TemplateResponse(
            request,
            "portal/access/switch.html",
            {"accesses": accesses, "current": request.portal.access},  # type: ignore[attr-defined]
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        chosen = request.POST.get("access", "")
        accesses = {str(a.pk): a for a in _usable_accesses(request.user.pk)}  # type: ignore[arg-type]
        if chosen not in accesses:
            raise Http404
        _enter(request, accesses[chosen])
        return redirect("portal:home")


class PasswordChangeView(ClientView):
    """Change the login's password; this session stays, the login's other sessions end."""

    template_name = "portal/access/password_change.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = PasswordChangeForm(request.user)  # type: ignore[arg-type]
        return TemplateResponse(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PasswordChangeForm(request.user, request.POST)  # type: ignore[arg-type]
        if not form.is_valid():
            return TemplateResponse(request, self.template_name, {"form": form}, status=422)
        form.save()
        update_session_auth_hash(request, form.user)
        messages.success(request, _("Your password was changed."))
        return redirect("portal:home")


class AcceptView(View):
    """An invitation link: accept the terms (and choose a password), then you are in."""

    template_name = "portal/access/accept.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.check = access_services.invitation_check(kwargs["token"])
        if self.check.access is None:
            return TemplateResponse(
                request,
                "portal/access/invitation_problem.html",
                {"problem": self.check.problem},
                status=410 if self.check.problem in ("expired", "used") else 404,
            )
        activate_client_locale(request, self.check.access)
        return super().dispatch(request, *args, **kwargs)

    def form(self, data: Any = None) -> AcceptInvitationForm:
        assert self.check.access is not None
        needs_password = not self.check.access.user.has_usable_password()
        return AcceptInvitationForm(data, needs_password=needs_password)

    def render(self, form: AcceptInvitationForm, status: int = 200) -> TemplateResponse:
        access = self.check.access
        assert access is not None
        context = {"form": form, "access": access, "office": access.office}
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        return self.render(self.form())

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render(form, status=422)
        try:
            access = access_services.portal_invitation_accept(
                token=token,
                password=form.cleaned_data.get("password"),
                terms_accepted=form.cleaned_data["terms"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.render(form, status=422)
        login(request, access.user, backend=BACKEND)
        _enter(request, access)
        messages.success(request, _("Welcome to your client portal."))
        return redirect("portal:home")


class PasswordResetRequestView(View):
    """“Forgot password”: the same answer for every address, known or not; throttled like
    the staff's (an address that asks too often in an hour gets 429)."""

    template_name = "portal/access/password_reset.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return TemplateResponse(request, self.template_name, {"form": PortalPasswordResetForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PortalPasswordResetForm(request.POST)
        if not form.is_valid():
            return TemplateResponse(request, self.template_name, {"form": form}, status=422)
        if not throttling.reset_request_allowed(ip_address=throttling.client_ip(request)):
            form.add_error(None, _("Too many requests from here. Try again in an hour."))
            response = TemplateResponse(request, self.template_name, {"form": form}, status=429)
            response["Retry-After"] = str(throttling.RESET_WINDOW_SECONDS)
            return response
        form.send()
        return redirect("portal:password_reset_sent")


class PasswordResetSentView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return TemplateResponse(request, "portal/access/password_reset_sent.html", {})


class BrandCssView(ClientView):
    """The office's colour as a style sheet (CSP allows no `style=`): tiny, cached by the
    browser, its URL versioned by the office's last change (see portal/base.html)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        colour = str(request.portal.office.brand_colour)  # type: ignore[attr-defined]
        if not COLOUR.match(colour):
            colour = DEFAULT_BRAND_COLOUR
        body = f":root {{ --portal-brand: {colour.lower()}; }}\n"
        response = HttpResponse(body, content_type="text/css; charset=utf-8")
        response["Cache-Control"] = "private, max-age=86400"
        return response


class OfficeLogoView(ClientView):
    """The logo of the office the client acts for (and no other office's)."""

    def get(self, request: HttpRequest) -> HttpResponseBase:
        logo = request.portal.office.logo  # type: ignore[attr-defined]
        if not logo:
            raise Http404
        try:
            handle = logo.open("rb")
        except OSError as exc:
            raise Http404 from exc
        content_type = mimetypes.guess_type(logo.name)[0] or "application/octet-stream"
        if not content_type.startswith("image/") or content_type == "image/svg+xml":
            handle.close()
            raise Http404
        response = FileResponse(handle, content_type=content_type)
        response["Cache-Control"] = "private, max-age=86400"
        return response


urlpatterns: list[URLPattern] = [
    path("", HomeView.as_view(), name="home"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("switch/", SwitchView.as_view(), name="switch"),
    path("accept/<str:token>/", AcceptView.as_view(), name="accept"),
    path("password/", PasswordChangeView.as_view(), name="password_change"),
    path("reset/", PasswordResetRequestView.as_view(), name="password_reset"),
    path("reset/sent/", PasswordResetSentView.as_view(), name="password_reset_sent"),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="portal/access/password_set.html",
            success_url=reverse_lazy("portal:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="portal/access/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("brand.css", BrandCssView.as_view(), name="brand_css"),
    path("logo/", OfficeLogoView.as_view(), name="office_logo"),
]
