"""Mail backends that hang mid-send, for killing a worker there (test_reminder_workers)."""

import os
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend


def _hang(state: str) -> None:
    Path(os.environ["ESTATEDESK_WORKER_GATE"]).write_text(state)
    while True:  # until the test kills the process with SIGKILL
        time.sleep(0.05)


class HangBeforeAcceptBackend(BaseEmailBackend):
    """The mail server never accepts the message: nothing is delivered, the worker waits."""

    def send_messages(self, email_messages):
        _hang("sending")


class HangAfterAcceptBackend(FileBackend):
    """The mail server accepted the message (it is in the file), then the worker stalls."""

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        _hang("accepted")
        return sent
