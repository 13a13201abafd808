"""Who may act: the staff and administrator checks of services, and the views' mixins."""

from __future__ import annotations

from typing import Any, Protocol

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View

from .actors import Actor
from .http import StaffRequest


class OfficeLike(Protocol):
    """An office (accounts.Office) as far as the administrator check needs it."""

    @property
    def pk(self) -> Any: ...


def require_staff(actor: Actor) -> int:
    """An administrator or agent of an office, logged in and active; anyone else is denied.

    Returns the id of their office (staff always have one).
    """
    staff = actor.is_authenticated and actor.is_active and actor.is_staff_member
    office_id = actor.office_id
    if not staff or office_id is None:
        raise PermissionDenied
    return office_id


def require_admin(
    actor: Actor, office: OfficeLike | None = None, *, with_message: bool = True
) -> int:
    """An active office administrator (of `office`, when given); anyone else is denied.
    Returns the id of their office.

    `with_message=False` raises without the explanation, for the callers whose API answer has
    always been DRF's generic one.
    """
    allowed = actor.is_authenticated and actor.is_active and actor.is_office_admin
    office_id = actor.office_id
    if allowed and office_id is not None and (office is None or office_id == office.pk):
        return office_id
    if with_message:
        raise PermissionDenied(_("Only an office administrator can do this."))
    raise PermissionDenied


class OfficeView(LoginRequiredMixin, View):
    """What the views of the office's pages share: a logged-in user of an office."""

    request: StaffRequest  # once dispatch let it through

    @property
    def office_id(self) -> int:
        """The user's office; the subclasses' dispatch lets only its staff, who have one, in."""
        office_id = self.request.user.office_id
        assert office_id is not None
        return office_id


class StaffRequiredMixin(OfficeView):
    """Logged-in administrators and agents of an office; anyone else gets a 404."""

    nav = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not request.user.is_staff_member:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class AdminRequiredMixin(OfficeView):
    """Office administrators only; to anyone else these pages do not exist (404).

    Admin-only pages live under Setup: `render` shows a template of `template_dir` there.
    """

    template_dir = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not request.user.is_office_admin:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def render(self, template: str, context: dict[str, Any], status: int = 200) -> TemplateResponse:
        return TemplateResponse(
            self.request,
            f"{self.template_dir}/{template}",
            {"nav": "setup", **context},
            status=status,
        )
