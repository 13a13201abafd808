"""A webhook worker for test_delivery_workers: waits for a start signal, then sends what is due.

`python -m estatedesk.webhooks.tests.worker_main GO_FILE` so that two workers start together.
"""

import os
import sys
import time
from pathlib import Path


def main() -> None:
    go = Path(sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "estatedesk.webhooks.tests.worker_settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    connection.ensure_connection()  # connect before the start, so both start the same way
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.005)
    call_command("send_due_webhooks")


if __name__ == "__main__":
    main()
