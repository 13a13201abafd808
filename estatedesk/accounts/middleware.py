"""Show times in the office's timezone and pages in its language."""

import zoneinfo

from django.utils import timezone, translation


class OfficeTimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        office = getattr(user, "office", None) if user and user.is_authenticated else None
        if office is not None:
            timezone.activate(zoneinfo.ZoneInfo(office.timezone))
            if not request.COOKIES.get("django_language"):
                translation.activate(office.language)
                request.LANGUAGE_CODE = office.language
        else:
            timezone.deactivate()
        return self.get_response(request)
