"""Setup › Lead sources, for office administrators: add, rename, reorder, deactivate.

Part of Setup (the `setup` URL namespace and its templates, see `accounts.setup_views`); a
source of another office answers 404, exactly like one that does not exist.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View

from estatedesk.accounts.setup_views import AdminRequiredMixin
from estatedesk.core.html import sentence
from estatedesk.core.views import apply_validation_error

from . import selectors, services
from .forms import LeadSourceForm
from .models import LeadSource

SOURCES_PER_PAGE = 100


class LeadSourceListView(AdminRequiredMixin, View):
    """The sources in order, with an add form; POST adds one at the end."""

    def render_list(self, form: LeadSourceForm, status: int = 200):
        sources = selectors.lead_sources_with_usage(office_id=self.office_id)
        page = Paginator(sources, SOURCES_PER_PAGE).get_page(self.request.GET.get("page"))
        context = {
            "sources": page.object_list,
            "page": page,
            # Whether a row can move up or down is about the whole list, not the page.
            "first_pk": sources[0].pk if sources else None,
            "last_pk": sources[-1].pk if sources else None,
            "form": form,
        }
        return self.render("source_list.html", context, status=status)

    def get(self, request):
        return self.render_list(LeadSourceForm())

    def post(self, request):
        form = LeadSourceForm(request.POST)
        if form.is_valid():
            try:
                source = services.lead_source_create(
                    actor=request.user, name=form.cleaned_data["name"]
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request, sentence(_("The source %(name)s was added."), name=source)
                )
                return redirect("setup:sources")
        return self.render_list(form, status=422)


class LeadSourceObjectMixin(AdminRequiredMixin):
    def get_source(self) -> LeadSource:
        return get_object_or_404(
            LeadSource.objects.for_office(self.office_id), pk=self.kwargs["pk"]
        )


class LeadSourceRenameView(LeadSourceObjectMixin, View):
    def get(self, request, pk: int):
        source = self.get_source()
        form = LeadSourceForm(initial={"name": source.name})
        return self.render("source_rename.html", {"source": source, "form": form})

    def post(self, request, pk: int):
        source = self.get_source()
        old_name = source.name
        form = LeadSourceForm(request.POST)
        if form.is_valid():
            try:
                source = services.lead_source_rename(
                    source=source, actor=request.user, name=form.cleaned_data["name"]
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    sentence(_("%(old)s is now called %(new)s."), old=old_name, new=source.name),
                )
                return redirect("setup:sources")
        return self.render("source_rename.html", {"source": source, "form": form}, status=422)


class LeadSourceMoveView(LeadSourceObjectMixin, View):
    def post(self, request, pk: int):
        source = self.get_source()
        direction = -1 if request.POST.get("direction") == "up" else 1
        services.lead_source_reorder(source=source, actor=request.user, direction=direction)
        messages.success(request, sentence(_("%(name)s was moved."), name=source))
        return redirect("setup:sources")


class LeadSourceActiveView(LeadSourceObjectMixin, View):
    def post(self, request, pk: int):
        source = self.get_source()
        active = request.POST.get("active") in ("1", "true", "on")
        services.lead_source_set_active(source=source, actor=request.user, active=active)
        if active:
            messages.success(request, sentence(_("%(name)s is offered again."), name=source))
        else:
            messages.success(
                request,
                sentence(
                    _("%(name)s is no longer offered; the records that have it keep it."),
                    name=source,
                ),
            )
        return redirect("setup:sources")
