"""django-tasks-db's ``db_worker`` that first takes back the tasks a dead worker left
"running" (killed, out of memory): ``quire_serve`` starts it with ``--recover ID`` for each
task worker of its own that died. Without this such a task would never end."""

from django.db import transaction
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand
from django_tasks_db.models import DBTaskResult


class TaskWorkerDied(Exception):
    """Recorded on a task whose worker died twice while running it."""


def tasks_recover(worker_ids: list[str]) -> tuple[int, int]:
    """Tasks last claimed by one of ``worker_ids`` and still running: back in the queue
    the first time, failed the second (a task that kills its worker must not loop).
    Returns (queued again, failed)."""
    queued = failed = 0
    if not worker_ids:
        return queued, failed
    with transaction.atomic():
        for result in DBTaskResult.objects.running().select_for_update():
            if not result.worker_ids or result.worker_ids[-1] not in worker_ids:
                continue
            if len(result.worker_ids) < 2:
                result.status = TaskResultStatus.READY
                result.started_at = None
                result.save(update_fields=["status", "started_at"])
                queued += 1
            else:
                result.set_failed(
                    TaskWorkerDied(
                        "The task worker stopped while running this task, twice "
                        "(killed or out of memory); it is not tried again."
                    )
                )
                failed += 1
    return queued, failed


class Command(DBWorkerCommand):
    help = (
        "Run a database task worker (db_worker), first putting back in the queue the tasks "
        "that the given dead workers left running."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--recover",
            action="append",
            default=[],
            metavar="WORKER_ID",
            help="a dead worker's id; its unfinished tasks are queued again (once)",
        )

    def handle(self, *args, recover: list[str], **options):
        queued, failed = tasks_recover(recover)
        if queued or failed:
            self.stderr.write(
                f"Took back the tasks a stopped task worker left: {queued} queued again, "
                f"{failed} failed."
            )
        super().handle(*args, **options)
