"""Enqueueing Celery tasks safely: only after the transaction commits, and never failing a request
because the broker is away. What must not be lost is a row in PostgreSQL that a sweep picks up."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task
from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_after_commit(task: Task, *args: Any) -> None:
    def send() -> None:
        try:
            task.apply_async(args=args, retry=False)
        except Exception:  # the broker being down must never break the user's request
            logger.warning("Could not enqueue %s%r: broker unreachable", task.name, args, exc_info=True)

    transaction.on_commit(send)
