"""Distributed mode: articles narrated by Celery workers on any number of machines.

``reader narrate --queue`` and the publisher API put articles on a Redis or
RabbitMQ queue; ``reader worker`` processes narrate them into their editions
folder and catalog; ``reader status`` shows the queue.
"""

from reader.queue.app import TASK_NAME, ReaderCelery, create_celery
from reader.queue.message import ArticleMessage, CarriedFile, FeedItem
from reader.queue.submit import (
    Submitted,
    message_for_job,
    send_message,
    submit_jobs,
    wait_for_tasks,
)

__all__ = [
    "TASK_NAME",
    "ArticleMessage",
    "CarriedFile",
    "FeedItem",
    "ReaderCelery",
    "Submitted",
    "create_celery",
    "message_for_job",
    "send_message",
    "submit_jobs",
    "wait_for_tasks",
]
