"""Activities and tasks made through the services, so links, last-contacted and reminders behave
as in real life: `ActivityFactory(records=[contact])`, `TaskFactory(record=lead, remind_at=…)`.
The actor defaults to the owner of the (first) record."""

from datetime import timedelta

import factory
from django.utils import timezone

from estatedesk.activities import services
from estatedesk.activities.choices import ActivityType, TaskPriority
from estatedesk.activities.models import Activity, Task


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    kind = ActivityType.CALL
    occurred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    subject = ""
    body = factory.Faker("sentence")

    @classmethod
    def _create(cls, model_class, *args, records, actor=None, **kwargs):
        return services.activity_log(actor=actor or records[0].owner, records=records, **kwargs)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    title = factory.Faker("sentence", nb_words=4)
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    priority = TaskPriority.NORMAL

    @classmethod
    def _create(cls, model_class, *args, record, actor=None, **kwargs):
        return services.task_create(actor=actor or record.owner, record=record, **kwargs)
