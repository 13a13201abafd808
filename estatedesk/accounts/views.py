"""Log in, log out, change password."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from .forms import ThrottledLoginForm


class LoginView(auth_views.LoginView):
    """Django's login view: `next=` is only followed inside this site (allowed hosts).

    A throttled attempt answers 429 with Retry-After, the form showing why.
    """

    form_class = ThrottledLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.retry_after:
            response.status_code = 429
            response["Retry-After"] = str(form.retry_after)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
