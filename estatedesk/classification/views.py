"""“My categories”: each user's own tree editor.

Every write is a small POST view that calls a service and redirects back to the tree with a
message; an htmx request gets the tree container (with its messages) to swap instead.
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from estatedesk.core.html import error_sentence, sentence
from estatedesk.core.http import StaffRequest
from estatedesk.core.permissions import StaffRequiredMixin

from . import services
from .editor import editor_page, editor_url, locate
from .models import Category
from .selectors import category_record_counts

PAGE_TEMPLATE = "classification/category_tree.html"
TREE_TEMPLATE = "classification/partials/_tree.html"
MOVE_PAGE_TEMPLATE = "classification/category_move.html"
MOVE_FORM_TEMPLATE = "classification/partials/_move_form.html"


def tree_context(user, parent: object = None, page: object = 1) -> dict:
    """The editor's page of `parent`'s subcategories (the top level when none)."""
    try:
        parent_id = int(str(parent)) if parent not in (None, "") else None
    except ValueError:
        parent_id = None
    editor = editor_page(user, parent_id, page)
    return {
        "editor": editor,
        "tree": editor.tree,
        "category_count": editor.category_count,
        "nav": "categories",
    }


class CategoryTreeView(StaffRequiredMixin, View):
    def get(self, request: StaffRequest) -> HttpResponse:
        context = tree_context(request.user, request.GET.get("parent"), request.GET.get("page"))
        return TemplateResponse(request, PAGE_TEMPLATE, context)


def _own_or_404(user, pk) -> Category:
    """What is not the user's own category does not exist for them."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    return get_object_or_404(Category.objects.of_user(user), pk=pk)


def _parent_from(request: StaffRequest) -> Category | None:
    """The `parent` field: empty is the top level, anything else must be the user's own."""
    value = request.POST.get("parent", "").strip()
    return _own_or_404(request.user, value) if value else None


class CategoryWriteView(StaffRequiredMixin, View):
    """A POST that changes the tree, then shows it again."""

    def get_category(self) -> Category:
        return _own_or_404(self.request.user, self.kwargs["pk"])

    def done(self, anchor: Category | None = None) -> HttpResponse:
        """The editor's page that shows `anchor` (the top level when none, or it is gone)."""
        user = self.request.user
        parent_id, page = locate(user, anchor.pk) if anchor else (None, 1)
        if self.request.htmx:
            context = tree_context(user, parent_id, page)
            return TemplateResponse(self.request, TREE_TEMPLATE, context)
        return redirect(editor_url(parent_id, page, anchor.pk if anchor else None))


class CategoryCreateView(CategoryWriteView):
    def post(self, request: StaffRequest) -> HttpResponse:
        parent = _parent_from(request)
        try:
            category = services.category_create(
                actor=request.user, name=request.POST.get("name", ""), parent=parent
            )
        except ValidationError as exc:
            messages.error(request, error_sentence(exc))
            return self.done(parent)
        if parent is None:
            messages.success(request, sentence(_("Category “%(name)s” was added."), name=category))
        else:
            messages.success(
                request,
                sentence(
                    _("Category “%(name)s” was added under “%(parent)s”."),
                    name=category,
                    parent=parent,
                ),
            )
        return self.done(category)


class CategoryRenameView(CategoryWriteView):
    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        category = self.get_category()
        old_name = category.name
        try:
            category = services.category_rename(
                category=category, actor=request.user, name=request.POST.get("name", "")
            )
        except ValidationError as exc:
            messages.error(request, error_sentence(exc))
        else:
            messages.success(
                request,
                sentence(_("“%(old)s” is now called “%(new)s”."), old=old_name, new=category),
            )
        return self.done(category)


class CategoryMoveView(CategoryWriteView):
    """GET offers where the category may go (loaded when its “Move to…” opens); POST moves."""

    def get(self, request: StaffRequest, pk: int) -> HttpResponse:
        category = self.get_category()
        context = {
            "category": category,
            "move_choices": services.category_move_choices(category=category, actor=request.user),
            "nav": "categories",
        }
        template = MOVE_FORM_TEMPLATE if request.htmx else MOVE_PAGE_TEMPLATE
        return TemplateResponse(request, template, context)

    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        category = self.get_category()
        parent = _parent_from(request)
        try:
            services.category_move(category=category, actor=request.user, parent=parent)
        except ValidationError as exc:
            messages.error(request, error_sentence(exc))
        else:
            if parent is None:
                messages.success(
                    request, sentence(_("“%(name)s” is now at the top level."), name=category)
                )
            else:
                messages.success(
                    request,
                    sentence(
                        _("“%(name)s” is now under “%(parent)s”."), name=category, parent=parent
                    ),
                )
        return self.done(category)


class CategoryReorderView(CategoryWriteView):
    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        category = self.get_category()
        direction = request.POST.get("direction")
        if direction not in ("up", "down"):
            messages.error(request, _("Say whether to move the category up or down."))
            return self.done(category)
        moved = services.category_reorder(
            category=category, actor=request.user, direction=-1 if direction == "up" else 1
        )
        if not moved:
            messages.info(
                request,
                sentence(_("“%(name)s” is already at that end of its list."), name=category),
            )
        elif direction == "up":
            messages.success(request, sentence(_("“%(name)s” moved up."), name=category))
        else:
            messages.success(request, sentence(_("“%(name)s” moved down."), name=category))
        return self.done(category)


class CategoryDeleteView(CategoryWriteView):
    """GET asks for confirmation (with what goes too); POST deletes."""

    def get(self, request: StaffRequest, pk: int) -> HttpResponse:
        category = self.get_category()
        subtree = services.category_subtree_ids(user=request.user, roots={category.pk})
        counts = category_record_counts(user=request.user)
        context = {
            "category": category,
            "subcategory_count": len(subtree) - 1,
            # A record in two of these categories counts twice; it is a hint, not an inventory.
            "record_count": sum(sum(counts.get(pk, Counter()).values()) for pk in subtree),
            "nav": "categories",
        }
        return TemplateResponse(request, "classification/category_confirm_delete.html", context)

    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        category = self.get_category()
        name = category.name
        deleted = services.category_delete(category=category, actor=request.user)
        subcategories = deleted - 1
        if subcategories:
            text = sentence(
                ngettext(
                    "“%(name)s” and its %(count)d subcategory were deleted; "
                    "the records in them were kept.",
                    "“%(name)s” and its %(count)d subcategories were deleted; "
                    "the records in them were kept.",
                    subcategories,
                ),
                name=name,
                count=subcategories,
            )
        else:
            text = sentence(_("“%(name)s” was deleted; the records in it were kept."), name=name)
        messages.success(request, text)
        return self.done()
