"""Deal list, board, detail, edit, delete and moves; the pipeline stages under Setup."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from estatedesk.core.html import error_sentence, sentence
from estatedesk.core.http import StaffRequest
from estatedesk.core.permissions import AdminRequiredMixin, StaffRequiredMixin
from estatedesk.core.views import (
    RecordDeleteView,
    RecordEditView,
    RecordListView,
    RecordObjectMixin,
    TabbedDetailView,
    apply_validation_error,
)

from . import selectors, services
from .filtersets import DealFilterSet
from .forms import DealForm, SplitFormSet, StageForm, StageRenameForm
from .models import Deal, PipelineStage
from .querysets import BOARD_CLOSED_DAYS

NAV = "deals"


class DealListView(RecordListView):
    model = Deal
    nav = NAV
    filterset_class = DealFilterSet
    template_name = "deals/deal_list.html"
    partial_template_name = "deals/partials/_deal_table.html"

    def get_queryset(self):
        return selectors.list_rows(self.request.user)


# --- the board ------------------------------------------------------------------------------


def board_context(request: StaffRequest, columns) -> dict:
    return {
        "nav": NAV,
        "columns": columns,
        "stages": [c.stage for c in columns],
        "currency": request.user.staff_office.currency,
        "closed_days": BOARD_CLOSED_DAYS,
    }


class DealBoardView(StaffRequiredMixin, View):
    """Columns of active stages with the visible open deals (and recently closed ones)."""

    def get(self, request: StaffRequest) -> HttpResponse:
        columns = selectors.board_columns(request.user)
        return TemplateResponse(request, "deals/board.html", board_context(request, columns))


class DealMoveView(RecordObjectMixin, View):
    """POST stage (and lost_reason): from a dragged card (fetch, answered with the two
    columns' fragments) or from the card's small form without JavaScript (redirect)."""

    model = Deal

    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        deal = self.get_object()
        try:
            stage_pk = int(request.POST.get("stage", ""))
        except ValueError:
            raise Http404 from None
        # Another office's stage does not exist for this user.
        stage = get_object_or_404(PipelineStage.objects.for_office(self.office_id),
                                  pk=stage_pk)  # fmt: skip
        previous_stage_id = deal.stage_id
        fragment = bool(request.htmx)
        try:
            deal = services.deal_move(
                deal=deal, stage=stage, actor=request.user,
                lost_reason=request.POST.get("lost_reason", ""),
            )  # fmt: skip
        except ValidationError as exc:
            message = " ".join(exc.messages)
            if fragment:
                return HttpResponse(message, status=422, content_type="text/plain; charset=utf-8")
            messages.error(request, error_sentence(exc))
            return redirect(self.back_url(request))
        if fragment:
            columns = selectors.board_columns(
                request.user, stage_ids={previous_stage_id, deal.stage_id}
            )
            return TemplateResponse(
                request, "deals/partials/_board_columns.html", board_context(request, columns)
            )
        messages.success(
            request, sentence(_("%(deal)s is now in %(stage)s."), deal=deal, stage=stage)
        )
        return redirect(self.back_url(request))

    def back_url(self, request: StaffRequest) -> str:
        nxt = request.POST.get("next", "")
        if nxt.startswith("/") and not nxt.startswith("//"):
            return nxt
        return reverse("deals:board")


# --- picking people and properties in the deal form ------------------------------------------

PICK_LIMIT = 20


class PickView(StaffRequiredMixin, View):
    """GET ?q=…: the visible contacts, relations or properties that match, as `<option>`s
    for a deal form's picker (the chosen one, sent along under the field's name, first)."""

    def get(self, request: StaffRequest, kind: str) -> HttpResponse:
        user = request.user
        queryset = selectors.pick_queryset(user, kind)
        if queryset is None:
            raise Http404
        field = request.GET.get("field", "")
        chosen = request.GET.get(field, "") if field in PICK_FIELDS else ""
        current = queryset.filter(pk=chosen).first() if chosen.isdigit() else None
        query = request.GET.get("q", "").strip()
        matches = list(selectors.pick_matches(queryset, kind, query, user)[:PICK_LIMIT])
        return TemplateResponse(
            request,
            "deals/partials/_pick_options.html",
            {"current": current, "matches": [m for m in matches if m != current],
             "query": query},
        )  # fmt: skip


PICK_FIELDS = ("property", *Deal.PEOPLE_FIELDS)


# --- detail, edit, delete --------------------------------------------------------------------


class DealDetailView(TabbedDetailView):
    model = Deal
    nav = NAV
    tabs = [("details", gettext_lazy("Details")), ("history", gettext_lazy("History"))]
    tab_template_pattern = "deals/partials/_tab_{tab}.html"

    def get_object(self):
        deal = selectors.detail_record(self.request.user, self.kwargs["pk"])
        if deal is None:
            raise Http404
        return deal

    def get_page_template(self, record) -> str:
        return "deals/deal_detail.html"

    def get_context(self, record, tab: str) -> dict:
        context = super().get_context(record, tab)
        commission = record.commission_amount
        context.update(
            can_administer=record.can_administer(self.request.user),
            currency=self.request.user.staff_office.currency,
            commission=commission,
            splits=[(s, s.amount(commission)) for s in record.splits.all()],
            events=list(record.events.all()),
        )
        return context


class DealEditView(RecordEditView):
    model = Deal
    nav = NAV
    form_class = DealForm
    template_name = "deals/deal_form.html"
    PREFILL = ("property", "buyer_contact", "buyer_relation", "seller_contact", "seller_relation")
    formset_labels = {"splits": gettext_lazy("Commission split")}

    def build(self, instance, data=None):
        actor = self.request.user
        initial = {}
        if instance.pk is None and data is None:
            initial = {k: self.request.GET[k] for k in self.PREFILL if k in self.request.GET}
        form = DealForm(data, instance=instance, actor=actor, initial=initial)
        split_initial = None
        if instance.pk:
            split_initial = [{"agent": s.agent_id, "share": s.share} for s in instance.splits.all()]
        formsets = {
            "splits": SplitFormSet(
                data,
                prefix="splits",
                initial=split_initial,
                form_kwargs={"agents": actor.office.users.filter(is_active=True)},
            )
        }
        return form, formsets

    def cancel_url(self) -> str:
        return reverse("deals:deal_list")

    def save_record(self, form, formsets):
        return services.deal_save(
            deal=form.instance,
            actor=self.request.user,
            splits=[services.SplitIn(**row) for row in formsets["splits"].rows()],
        )


class DealDeleteView(RecordDeleteView):
    model = Deal
    nav = NAV
    template_name = "deals/deal_confirm_delete.html"
    success_url_name = "deals:deal_list"

    def delete_record(self, record) -> None:
        services.deal_delete(deal=record, actor=self.request.user)


# --- pipeline stages (Setup, office administrators only) --------------------------------------


class StageSetupMixin(AdminRequiredMixin):
    template_dir = "deals"

    def get_stage(self) -> PipelineStage:
        return get_object_or_404(
            PipelineStage.objects.for_office(self.office_id), pk=self.kwargs["pk"]
        )


STAGES_PER_PAGE = 100


class StageListView(StageSetupMixin, View):
    """The pipeline in order with the number of deals in each stage; POST adds a stage."""

    def render_list(self, form: StageForm, status: int = 200):
        services.stages_for_office(self.request.user.staff_office)
        stages = list(
            PipelineStage.objects.for_office(self.office_id)
            .annotate(deal_count=Count("deals"))
            # A GROUP BY drops Meta.ordering: PostgreSQL would return the stages in hash order.
            .order_by("order", "pk")
        )
        page = Paginator(stages, STAGES_PER_PAGE).get_page(self.request.GET.get("page"))
        context = {
            "stages": page.object_list,
            "page": page,
            # Whether a stage can move up or down is about the whole pipeline, not the page.
            "first_pk": stages[0].pk if stages else None,
            "last_pk": stages[-1].pk if stages else None,
            "form": form,
        }
        return self.render("stage_list.html", context, status=status)

    def get(self, request):
        return self.render_list(StageForm())

    def post(self, request):
        form = StageForm(request.POST)
        if form.is_valid():
            try:
                stage = services.stage_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, sentence(_("The stage %(name)s was added."), name=stage))
                return redirect("deals:stages")
        return self.render_list(form, status=422)


class StageRenameView(StageSetupMixin, View):
    def get(self, request, pk: int):
        stage = self.get_stage()
        form = StageRenameForm(initial={"name": stage.name})
        return self.render("stage_rename.html", {"stage": stage, "form": form})

    def post(self, request, pk: int):
        stage = self.get_stage()
        old_name = stage.name
        form = StageRenameForm(request.POST)
        if form.is_valid():
            try:
                stage = services.stage_rename(
                    stage=stage, actor=request.user, name=form.cleaned_data["name"]
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    sentence(_("%(old)s is now called %(new)s."), old=old_name, new=stage.name),
                )
                return redirect("deals:stages")
        return self.render("stage_rename.html", {"stage": stage, "form": form}, status=422)


class StageMoveView(StageSetupMixin, View):
    def post(self, request, pk: int):
        stage = self.get_stage()
        direction = -1 if request.POST.get("direction") == "up" else 1
        services.stage_reorder(stage=stage, actor=request.user, direction=direction)
        messages.success(request, sentence(_("%(name)s was moved."), name=stage))
        return redirect("deals:stages")


class StageActiveView(StageSetupMixin, View):
    def post(self, request, pk: int):
        stage = self.get_stage()
        active = request.POST.get("active") in ("1", "true", "on")
        try:
            services.stage_set_active(stage=stage, actor=request.user, active=active)
        except ValidationError as exc:
            messages.error(request, error_sentence(exc))
        else:
            if active:
                messages.success(request, sentence(_("%(name)s is back on the board."), name=stage))
            else:
                messages.success(
                    request,
                    sentence(
                        _("%(name)s was deactivated: it left the board and the stage choices; "
                          "the deals in it keep it."),
                        name=stage,
                    ),
                )  # fmt: skip
        return redirect("deals:stages")


class StageDeleteView(StageSetupMixin, View):
    def post(self, request, pk: int):
        stage = self.get_stage()
        name = stage.name
        try:
            services.stage_delete(stage=stage, actor=request.user)
        except ValidationError as exc:
            messages.error(request, error_sentence(exc))
        else:
            messages.success(request, sentence(_("The stage %(name)s was deleted."), name=name))
        return redirect("deals:stages")
