"""Run queued background tasks inside a test, as ``manage.py db_worker`` would.

The command itself closes database connections between tasks, which a test's
transaction cannot survive; its Worker runs each task the same way."""

from django_tasks_db.management.commands.db_worker import Worker


def run_queued(results) -> None:
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    for result in results.ready():
        worker.run_task(result)
