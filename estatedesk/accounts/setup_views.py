"""Setup for office administrators: users, lead sources, custom fields, office settings."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.template.response import TemplateResponse
from django.views import View


class AdminRequiredMixin(LoginRequiredMixin):
    """Office administrators only; to anyone else Setup does not exist (404)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_office_admin:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class SetupIndexView(AdminRequiredMixin, View):
    def get(self, request):
        return TemplateResponse(request, "accounts/setup/index.html", {"nav": "setup"})
