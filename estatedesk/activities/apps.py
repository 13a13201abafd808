from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "estatedesk.activities"
    label = "activities"

    def ready(self) -> None:
        # Conversion moves what hangs on a lead in the same transaction (see contacts.conversion).
        from estatedesk.contacts.conversion import CONVERSION_HOOKS

        from .services import lead_history_move

        if lead_history_move not in CONVERSION_HOOKS:
            CONVERSION_HOOKS.append(lead_history_move)
