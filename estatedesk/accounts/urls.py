from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import two_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/code/", two_factor_views.TwoFactorVerifyView.as_view(), name="two_factor_verify"),
    path("security/", two_factor_views.SecurityView.as_view(), name="security"),
    path(
        "security/two-factor/",
        two_factor_views.TwoFactorSetupView.as_view(),
        name="two_factor_setup",
    ),
    path(
        "security/two-factor/off/",
        two_factor_views.TwoFactorDisableView.as_view(),
        name="two_factor_disable",
    ),
    path(
        "security/recovery-codes/",
        two_factor_views.RecoveryCodesView.as_view(),
        name="recovery_codes",
    ),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("reset/", views.PasswordResetRequestView.as_view(), name="password_reset"),
    path("reset/sent/", views.PasswordResetSentView.as_view(), name="password_reset_sent"),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_set.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
