"""Offices (the tenants) and the people who log in to them."""

import uuid
import zoneinfo
from typing import ClassVar

import phonenumbers
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession, BaseSessionManager
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from estatedesk.core.models import TimeStampedModel
from estatedesk.core.querysets import SignallingQuerySet

from .choices import Role

TIMEZONE_CHOICES = [(tz, tz) for tz in sorted(zoneinfo.available_timezones())]
COUNTRY_CHOICES = sorted(
    (region, region) for region in phonenumbers.SUPPORTED_REGIONS if len(region) == 2
)


class Office(TimeStampedModel):
    """An agency office: the tenant every record belongs to."""

    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES, default="NL")
    phone_region = models.CharField(
        _("default phone region"),
        max_length=2,
        choices=COUNTRY_CHOICES,
        default="NL",
        help_text=_("Numbers typed without a country code are read as numbers of this region."),
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    timezone = models.CharField(
        _("timezone"), max_length=64, choices=TIMEZONE_CHOICES, default="Europe/Amsterdam"
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    # The client portal's face (estatedesk.portal): the office's logo and colour.
    logo = models.ImageField(_("logo"), upload_to="office-logos/", blank=True)
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        default="#0f5b78",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour such as #0f5b78."))],
        help_text=_("The colour of the client portal's top bar and buttons."),
    )
    require_two_factor = models.BooleanField(
        _("require two-factor sign-in for all users"),
        default=False,
        help_text=_(
            "Everyone must confirm logins with an authenticator app; users who have not set one "
            "up are asked to at their next login. API tokens are not affected."
        ),
    )
    # Replaced whenever the office's lead sources, users or custom fields change: processes
    # keep those lists in memory under it (accounts.officecache).
    config_stamp = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not (len(self.currency) == 3 and self.currency.isalpha() and self.currency.isupper()):
            raise ValidationError({"currency": _("Use a three-letter ISO 4217 code, such as EUR.")})


class UserQuerySet(SignallingQuerySet["User"]):
    # The fields the office's cached lists show or depend on (accounts.officecache): a bulk
    # update of others (a login, a stamp) is not a change of those lists.
    watched_fields = frozenset({"full_name", "email", "is_active", "office", "office_id", "role"})


_UserManagerBase = BaseUserManager.from_queryset(UserQuerySet)


class UserManager(_UserManagerBase["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=username)

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Someone who logs in with an e-mail address; an administrator or agent of one office."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        verbose_name=_("office"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.AGENT)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("Django admin access"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Replaced whenever the user's own categories change: processes keep the user's lists in
    # memory under it (accounts.officecache), so that one agent's edit leaves everyone else's.
    config_stamp = models.UUIDField(default=uuid.uuid4, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.lower()
        super().save(*args, **kwargs)

    @property
    def staff_office(self) -> Office:
        """The office of an administrator or agent, who always have one; the code that reads
        it serves only them, so a user without an office is refused."""
        if self.office is None:
            raise PermissionDenied
        return self.office

    @property
    def is_office_admin(self) -> bool:
        return self.office_id is not None and self.role == Role.ADMIN

    @property
    def is_portal_client(self) -> bool:
        """A client of the portal: no office of their own, never staff (estatedesk.portal)."""
        return self.office_id is None and self.role == Role.CLIENT

    @property
    def is_staff_member(self) -> bool:
        """Administrators and agents work in the office; portal users (later) do not."""
        return self.office_id is not None and self.role in (Role.ADMIN, Role.AGENT)

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class LoginFailure(models.Model):
    """A failed login, kept for a while to throttle guessing by e-mail and by address."""

    email = models.CharField(max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.email} from {self.ip_address} at {self.at:%Y-%m-%d %H:%M}"


class UserSessionManager(BaseSessionManager["UserSession"]):
    def get_queryset(self) -> models.QuerySet["UserSession"]:
        # The store reads a row with its user and the user's office (one query per request).
        return super().get_queryset().select_related("user__office")


class UserSession(AbstractBaseSession):
    """A login session that names its user, so a request reads session, user and office in
    one query (`accounts.sessions`). The session data still decides who is logged in; the
    column only lets the row be joined. A deleted user's sessions go with them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    objects: ClassVar[UserSessionManager] = UserSessionManager()

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore
