"""Setup for office administrators: users, custom fields, office settings.

The lead sources' pages are classification's (classification.setup_views), under the same
URL namespace.

Everything here is scoped to the administrator's own office: another office's user, source or
field answers 404, exactly like one that does not exist.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View

from estatedesk.core import permissions
from estatedesk.core import services as core_services
from estatedesk.core.html import sentence
from estatedesk.core.http import StaffRequest
from estatedesk.core.models import CustomField, CustomFieldTarget
from estatedesk.core.views import apply_validation_error

from . import selectors, services
from .models import User
from .setup_forms import (
    CustomFieldForm,
    HandoverForm,
    InviteForm,
    OfficeForm,
    RoleForm,
)


class AdminRequiredMixin(permissions.AdminRequiredMixin):
    """Setup's own pages (the check is core's): to anyone but an administrator, 404."""

    template_dir = "accounts/setup"


def _posted_flag(request: HttpRequest, name: str) -> bool:
    return request.POST.get(name) in ("1", "true", "on")


class SetupIndexView(AdminRequiredMixin, View):
    def get(self, request):
        summary = selectors.setup_summary(office=request.user.office)
        return self.render("index.html", {"summary": summary, "office": request.user.office})


# --- users ------------------------------------------------------------------------------------


class UserListView(AdminRequiredMixin, View):
    def get(self, request):
        users = User.objects.filter(office_id=self.office_id).order_by("-is_active", "full_name")
        return self.render("user_list.html", {"users": users})


class UserInviteView(AdminRequiredMixin, View):
    def get(self, request):
        return self.render("user_invite.html", {"form": InviteForm()})

    def post(self, request):
        form = InviteForm(request.POST)
        if form.is_valid():
            try:
                user = services.user_invite(
                    office=request.user.office, actor=request.user,
                    **form.cleaned_data,
                )  # fmt: skip
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    sentence(
                        _("%(email)s was invited and will get an e-mail to choose a password."),
                        email=user.email,
                    ),
                )
                return redirect("setup:users")
        return self.render("user_invite.html", {"form": form}, status=422)


class UserObjectMixin(AdminRequiredMixin):
    def get_user(self) -> User:
        return get_object_or_404(User, office_id=self.office_id, pk=self.kwargs["pk"])

    def render_detail(self, user: User, *, role_form=None, active_errors=(), status=200):
        context = {
            "subject": user,
            "role_form": role_form
            if role_form is not None
            else RoleForm(initial={"role": user.role}),
            "active_errors": active_errors,
            "owned": selectors.records_owned(user=user),
        }
        return self.render("user_detail.html", context, status=status)


class UserDetailView(UserObjectMixin, View):
    def get(self, request, pk: int):
        return self.render_detail(self.get_user())


class UserRoleView(UserObjectMixin, View):
    def post(self, request, pk: int):
        user = self.get_user()
        form = RoleForm(request.POST)
        if form.is_valid():
            try:
                services.user_update_role(
                    user=user, role=form.cleaned_data["role"], actor=request.user
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    sentence(
                        _("%(name)s is now: %(role)s."), name=user, role=user.get_role_display()
                    ),
                )
                return redirect("setup:user_detail", pk=user.pk)
        return self.render_detail(user, role_form=form, status=422)


class UserActiveView(UserObjectMixin, View):
    def post(self, request, pk: int):
        user = self.get_user()
        active = _posted_flag(request, "active")
        try:
            services.user_set_active(user=user, active=active, actor=request.user)
        except ValidationError as exc:
            return self.render_detail(user, active_errors=exc.messages, status=422)
        if active:
            messages.success(request, sentence(_("%(name)s can log in again."), name=user))
        else:
            messages.success(
                request,
                sentence(
                    _("%(name)s was deactivated and logged out everywhere. Their records stay; "
                      "hand them over to a colleague."),
                    name=user,
                ),
            )  # fmt: skip
        return redirect("setup:user_detail", pk=user.pk)


class UserHandoverView(UserObjectMixin, View):
    def render_form(self, user: User, form: HandoverForm, status: int = 200):
        context = {"subject": user, "form": form, "owned": selectors.records_owned(user=user)}
        return self.render("user_handover.html", context, status=status)

    def get(self, request, pk: int):
        user = self.get_user()
        return self.render_form(user, HandoverForm(from_user=user))

    def post(self, request, pk: int):
        user = self.get_user()
        form = HandoverForm(request.POST, from_user=user)
        if form.is_valid():
            to_user = form.cleaned_data["to_user"]
            try:
                moved = services.records_handover(
                    from_user=user, to_user=to_user, actor=request.user
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                counts = ", ".join(
                    _("%(records)s: %(count)d") % {"records": records, "count": count}
                    for records, count in moved.items()
                )
                messages.success(
                    request,
                    sentence(
                        _("Handed over from %(from)s to %(to)s — %(counts)s."),
                        **{"from": user},
                        to=to_user,
                        counts=counts,
                    ),
                )
                return redirect("setup:user_detail", pk=user.pk)
        return self.render_form(user, form, status=422)


# --- office -----------------------------------------------------------------------------------


class OfficeSettingsView(AdminRequiredMixin, View):
    def get(self, request):
        office = request.user.office
        form = OfficeForm(initial=model_to_dict(office, fields=services.OFFICE_EDITABLE_FIELDS))
        return self.render("office.html", {"form": form})

    def post(self, request):
        form = OfficeForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.office_update(
                    office=request.user.office, actor=request.user, **form.changes()
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The office settings were saved."))
                return redirect("setup:office")
        return self.render("office.html", {"form": form}, status=422)


# --- custom fields ----------------------------------------------------------------------------


FIELDS_PER_PAGE = 100


class CustomFieldListView(AdminRequiredMixin, View):
    """Each record type's fields, paged apart (`?<target>_page=`): an office has up to
    the custom-field limit of them, far more than one page should show."""

    def get(self, request):
        groups = [
            (target, label, Paginator(fields, FIELDS_PER_PAGE).get_page(
                request.GET.get(f"{target}_page")))
            for target, label, fields in selectors.custom_fields_by_target(office_id=self.office_id)
        ]  # fmt: skip
        return self.render("field_list.html", {"groups": groups})


class CustomFieldObjectMixin(AdminRequiredMixin):
    def get_field(self) -> CustomField:
        return get_object_or_404(CustomField, office_id=self.office_id, pk=self.kwargs["pk"])


class CustomFieldEditView(CustomFieldObjectMixin, View):
    """Add a field (no pk) or change one."""

    def get_instance(self) -> CustomField | None:
        return self.get_field() if "pk" in self.kwargs else None

    def render_form(self, field: CustomField | None, form: CustomFieldForm, status: int = 200):
        return self.render("field_form.html", {"field": field, "form": form}, status=status)

    def get(self, request: StaffRequest, **kwargs) -> HttpResponse:
        field = self.get_instance()
        if field is not None:
            form = CustomFieldForm(initial=CustomFieldForm.initial_for(field))
        else:
            target = request.GET.get("target")
            initial = {"target": target} if target in CustomFieldTarget.values else {}
            form = CustomFieldForm(initial=initial)
        return self.render_form(field, form)

    def post(self, request: StaffRequest, **kwargs) -> HttpResponse:
        field = self.get_instance()
        form = CustomFieldForm(request.POST)
        if form.is_valid():
            try:
                if field is None:
                    saved = core_services.custom_field_create(
                        actor=request.user, **form.cleaned_data
                    )
                else:
                    saved = core_services.custom_field_update(
                        field=field, actor=request.user, **form.cleaned_data
                    )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                message = (
                    _("The field %(label)s was added.")
                    if field is None
                    else _("The field %(label)s was saved.")
                )
                messages.success(request, message % {"label": saved.label})
                return redirect("setup:fields")
        return self.render_form(field, form, status=422)


class CustomFieldActiveView(CustomFieldObjectMixin, View):
    def post(self, request, pk: int):
        field = self.get_field()
        active = _posted_flag(request, "active")
        core_services.custom_field_set_active(field=field, actor=request.user, active=active)
        if active:
            messages.success(
                request, sentence(_("The field %(label)s is back."), label=field.label)
            )
        else:
            messages.success(
                request,
                sentence(
                    _("The field %(label)s was deactivated; the values records hold are kept."),
                    label=field.label,
                ),
            )
        return redirect("setup:fields")
