"""Keeps a half-logged-in session (password given, second factor owed) on its last step."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .two_factor import SESSION_STEP_KEY, STEP_ENROL, STEP_VERIFY

# The pages a session that owes a step may open (besides static files).
STEP_URL_NAMES = {
    STEP_VERIFY: ("accounts:two_factor_verify", "accounts:logout"),
    STEP_ENROL: ("accounts:two_factor_setup", "accounts:logout"),
}


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware. A session that owes a code, or whose office requires
    two-factor and that has not verified one, may open only that step's page and log out.

    The step comes from the session and the office (loaded with the user), so a session that
    owes nothing costs no query here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        step = self.step_owed(request)
        if step is None:
            return self.get_response(request)
        # base.html shows no navigation to such a session: none of it would open.
        request.sign_in_incomplete = True  # type: ignore[attr-defined]
        allowed = {reverse(name) for name in STEP_URL_NAMES[step]}
        if request.path in allowed:
            return self.get_response(request)
        if request.headers.get("HX-Request"):
            # An htmx fragment must not swap the step's whole page into the page it is part of.
            return HttpResponse(status=403)
        # API calls made with the session (the API docs page) get JSON; pages a redirect.
        if request.path.startswith("/api/") and not request.accepts("text/html"):
            return JsonResponse({"detail": _("Finish signing in first.")}, status=403)
        target = reverse(STEP_URL_NAMES[step][0])
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(target)

    @staticmethod
    def step_owed(request: HttpRequest) -> str | None:
        user = request.user
        # OTPMiddleware gives the user is_verified(): whether this session gave a code.
        if not user.is_authenticated or getattr(user, "is_verified", lambda: False)():
            return None
        step = request.session.get(SESSION_STEP_KEY)
        if step in STEP_URL_NAMES:
            return step
        office = getattr(user, "office", None)
        # The office may have turned the requirement on after this session logged in.
        if office is not None and office.require_two_factor:
            return STEP_ENROL
        return None
