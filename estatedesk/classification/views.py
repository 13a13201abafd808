"""“My categories”: each user's own tree editor."""

from django.template.response import TemplateResponse
from django.views import View

from estatedesk.core.views import StaffRequiredMixin

from .models import Category
from .tree import build_tree


class CategoryTreeView(StaffRequiredMixin, View):
    def get(self, request):
        tree = build_tree(list(Category.objects.of_user(request.user)))
        return TemplateResponse(
            request, "classification/category_tree.html", {"tree": tree, "nav": "categories"}
        )
