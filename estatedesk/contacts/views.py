"""Lists, detail pages, forms and conversion for leads, contacts and relations."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from estatedesk.classification.models import Category
from estatedesk.core.choices import Visibility
from estatedesk.core.html import error_sentence, sentence
from estatedesk.core.http import StaffRequest
from estatedesk.core.permissions import OfficeView, StaffRequiredMixin
from estatedesk.core.views import (
    RecordDeleteView,
    RecordEditView,
    RecordListView,
    RecordObjectMixin,
    TabbedDetailView,
)

from . import conversion, selectors, services
from .choices import CONVERTIBLE_STATUSES, EmailLabel, PhoneLabel
from .filtersets import ContactFilterSet, LeadFilterSet, RelationFilterSet
from .forms import (
    CategoriesForm,
    ContactForm,
    ContactPersonForm,
    EmailFormSet,
    LeadForm,
    PhoneFormSet,
    RelationForm,
)
from .models import Contact, ContactPerson, Lead, Relation

NAV = {Lead: "leads", Contact: "contacts", Relation: "relations"}
TARGET = {Lead: "lead", Contact: "contact", Relation: "relation"}


# --- lists ----------------------------------------------------------------------------------


class ContactsListView(RecordListView):
    lazy_count = True  # a million contacts: the count follows the page (core.pagination)

    def get_queryset(self):
        return selectors.list_rows(self.model, self.request.user)

    def load_rows(self, rows):
        return selectors.with_row_columns(self.model, rows, self.request.user)

    def decorate_rows(self, rows):
        selectors.decorate_rows(self.model, rows, self.request.user)


class LeadListView(ContactsListView):
    model = Lead
    nav = "leads"
    filterset_class = LeadFilterSet
    template_name = "contacts/lead_list.html"
    partial_template_name = "contacts/partials/_lead_table.html"

    def get_queryset(self):
        return super().get_queryset().order_by("-created_at", "-pk")


class ContactListView(ContactsListView):
    model = Contact
    nav = "contacts"
    filterset_class = ContactFilterSet
    template_name = "contacts/contact_list.html"
    partial_template_name = "contacts/partials/_contact_table.html"


class RelationListView(ContactsListView):
    model = Relation
    nav = "relations"
    filterset_class = RelationFilterSet
    template_name = "contacts/relation_list.html"
    partial_template_name = "contacts/partials/_relation_table.html"


# --- detail pages with tabs -----------------------------------------------------------------


class RecordDetailView(TabbedDetailView):
    tabs = [("details", _("Details")), ("categories", _("Categories")),
            ("people", _("Linked people")), ("history", _("History"))]  # fmt: skip
    tab_template_pattern = "contacts/partials/_tab_{tab}.html"

    def get_object(self):
        record = selectors.page_record(self.model, self.request.user, self.kwargs["pk"])
        if record is None:
            raise Http404
        return record

    def get_page_template(self, record) -> str:
        return f"contacts/{self.model._meta.model_name}_detail.html"

    def get_context(self, record, tab: str) -> dict:
        user = self.request.user
        context = super().get_context(record, tab)
        context.update(nav=NAV[self.model], can_administer=record.can_administer(user))
        # Each tab loads what it shows: the History tab, say, needs no phones or categories.
        if tab == "details":
            selectors.with_contact_methods(record)
            context["custom_values"] = selectors.custom_field_display(
                record, TARGET[self.model], user
            )
        if tab == "categories":
            selectors.with_my_categories(record, user)
            tree = list(Category.objects.of_user(user))
            form = CategoriesForm(
                initial={
                    "categories": [str(link.category_id) for link in record.my_category_links]
                },
                tree=tree,
            )
            context["categories_form"] = form
        if tab == "people":
            context.update(self.people_context(record))
        return context

    def people_context(self, record) -> dict:
        return {}


class LeadDetailView(RecordDetailView):
    model = Lead
    tabs = [("details", _("Details")), ("categories", _("Categories")),
            ("history", _("History"))]  # fmt: skip

    def get_context(self, record, tab):
        context = super().get_context(record, tab)
        context["can_convert"] = (
            record.status in CONVERTIBLE_STATUSES and record.converted_contact_id is None
        )
        return context


class ContactDetailView(RecordDetailView):
    model = Contact

    def people_context(self, record):
        return {"positions": selectors.contact_positions(record, self.request.user)}

    def get_context(self, record, tab):
        context = super().get_context(record, tab)
        if tab == "details":
            context["search_profiles"] = list(record.search_profiles.all())
        return context


class RelationDetailView(RecordDetailView):
    model = Relation
    tabs = [("details", _("Details")), ("people", _("Contact persons")),
            ("categories", _("Categories")), ("history", _("History"))]  # fmt: skip

    def people_context(self, record):
        return {
            "people": selectors.relation_people_page(
                record, self.request.user, self.request.GET.get("page")
            ),
            "person_form": ContactPersonForm(actor=self.request.user),
        }


class RecordCategoriesView(RecordObjectMixin, View):
    """POST from the categories tab: file the record in the user's own categories."""

    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        record = self.get_object()
        tree = list(Category.objects.of_user(request.user))
        form = CategoriesForm(request.POST, tree=tree)
        if form.is_valid():
            services.record_set_categories(
                record=record, actor=request.user, categories=form.selected()
            )
            messages.success(request, _("Categories saved."))
        else:
            messages.error(request, _("Choose only your own categories."))
        return redirect(f"{record.get_absolute_url()}?tab=categories")


class RecordShareView(RecordObjectMixin, View):
    """POST: the owner shares a personal record with the office (or makes it personal again)."""

    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        record = self.get_object()
        visibility = request.POST.get("visibility", Visibility.OFFICE)
        try:
            services.record_share(record=record, actor=request.user, visibility=visibility)
        except ValidationError as exc:
            messages.error(request, error_sentence(exc))
        else:
            if visibility == Visibility.OFFICE:
                messages.success(request, _("Shared with the office."))
            else:
                messages.success(request, _("Now personal: only the owner sees it."))
        return redirect(record.get_absolute_url())


# --- create, edit, delete --------------------------------------------------------------------


class ContactDetailsEditMixin(OfficeView):
    """A lead, contact or relation is edited with its phone numbers and e-mail addresses."""

    formset_labels = {
        "phones": gettext_lazy("Phone numbers"),
        "emails": gettext_lazy("E-mail addresses"),
    }

    def build_formsets(self, instance, data=None) -> dict:
        initial_phones = initial_emails = None
        if instance.pk:
            initial_phones = [
                {"label": p.label, "number": p.number, "is_primary": p.is_primary}
                for p in instance.phones.all()
            ]
            initial_emails = [
                {"label": e.label, "email": e.email, "is_primary": e.is_primary}
                for e in instance.emails.all()
            ]
        return {
            "phones": PhoneFormSet(
                data,
                prefix="phones",
                initial=initial_phones,
                form_kwargs={
                    "region": self.request.user.staff_office.phone_region,
                    "label_choices": PhoneLabel.choices,
                },
            ),
            "emails": EmailFormSet(
                data,
                prefix="emails",
                initial=initial_emails,
                form_kwargs={"label_choices": EmailLabel.choices},
            ),
        }

    def save_record(self, form, formsets):
        return services.record_save(
            record=form.instance,
            actor=self.request.user,
            phones=[services.PhoneIn(**row) for row in formsets["phones"].rows()],
            emails=[services.EmailIn(**row) for row in formsets["emails"].rows()],
            categories=form.selected_categories(),
            custom_fields=form.custom_values(),
        )


class LeadEditView(ContactDetailsEditMixin, RecordEditView):
    model = Lead
    nav = "leads"
    form_class = LeadForm

    def cancel_url(self):
        return reverse("contacts:lead_list")


class ContactEditView(ContactDetailsEditMixin, RecordEditView):
    model = Contact
    nav = "contacts"
    form_class = ContactForm

    def cancel_url(self):
        return reverse("contacts:contact_list")


class RelationEditView(ContactDetailsEditMixin, RecordEditView):
    model = Relation
    nav = "relations"
    form_class = RelationForm

    def cancel_url(self):
        return reverse("contacts:relation_list")


class ContactsDeleteView(RecordDeleteView):
    def delete_record(self, record):
        services.record_delete(record=record, actor=self.request.user)


class LeadDeleteView(ContactsDeleteView):
    model = Lead
    nav = "leads"
    success_url_name = "contacts:lead_list"


class ContactDeleteView(ContactsDeleteView):
    model = Contact
    nav = "contacts"
    success_url_name = "contacts:contact_list"


class RelationDeleteView(ContactsDeleteView):
    model = Relation
    nav = "relations"
    success_url_name = "contacts:relation_list"


# --- contact persons ----------------------------------------------------------------------------


class ContactPersonAddView(RecordObjectMixin, View):
    model = Relation

    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        relation = self.get_object()
        form = ContactPersonForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                services.contact_person_add(
                    relation=relation, actor=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                messages.error(request, error_sentence(exc))
            else:
                messages.success(request, _("Contact person added."))
        else:
            errors = [
                f"{form.fields[f].label}: {' '.join(map(str, e))}" for f, e in form.errors.items()
            ]
            messages.error(request, " ".join(errors))
        return redirect(f"{relation.get_absolute_url()}?tab=people")


class ContactPersonRemoveView(StaffRequiredMixin, View):
    def post(self, request: StaffRequest, pk: int, person_pk: int) -> HttpResponse:
        relation = get_object_or_404(Relation.objects.visible_to(request.user), pk=pk)
        person = get_object_or_404(ContactPerson, pk=person_pk, relation=relation)
        services.contact_person_remove(person=person, actor=request.user)
        messages.success(request, _("Contact person removed."))
        return redirect(f"{relation.get_absolute_url()}?tab=people")


# --- lead conversion ----------------------------------------------------------------------------


class LeadConvertView(RecordObjectMixin, View):
    """Show what the lead becomes and any contacts it matches; POST converts or merges."""

    model = Lead
    template_name = "contacts/lead_convert.html"

    def context(self, lead, error=None):
        selectors.with_contact_methods(lead)
        return {
            "nav": "leads",
            "object": lead,
            "matches": list(conversion.lead_matching_contacts(lead=lead, actor=self.request.user)),
            "can_convert": lead.status in CONVERTIBLE_STATUSES and not lead.converted_contact_id,
            "error": error,
        }

    def get(self, request: StaffRequest, pk: int) -> HttpResponse:
        lead = self.get_object()
        return TemplateResponse(request, self.template_name, self.context(lead))

    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        lead = self.get_object()
        merge_into = None
        if target := request.POST.get("merge_into"):
            merge_into = Contact.objects.visible_to(request.user).filter(pk=target).first()
            if merge_into is None:
                raise Http404
        try:
            contact = conversion.lead_convert(lead=lead, actor=request.user, merge_into=merge_into)
        except ValidationError as exc:
            return TemplateResponse(
                request, self.template_name, self.context(lead, " ".join(exc.messages)), status=422
            )
        except PermissionDenied:
            raise Http404 from None
        if merge_into:
            messages.success(request, sentence(_("The lead was merged into %(c)s."), c=contact))
        else:
            messages.success(request, sentence(_("The lead is now contact %(c)s."), c=contact))
        return redirect(contact.get_absolute_url())
