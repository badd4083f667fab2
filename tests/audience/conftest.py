import pytest
from django_tasks_db.models import DBTaskResult

from tests.audience.smtp import smtp_server
from tests.tasks import run_queued


@pytest.fixture
def smtp():
    with smtp_server() as box:
        yield box


def audience_tasks():
    return DBTaskResult.objects.filter(task_path__startswith="quire.audience.tasks.")


@pytest.fixture
def run_audience_worker(django_capture_on_commit_callbacks):
    """Run the audience's queued tasks until none is ready (each queues its next batch)."""

    def run(rounds: int = 100) -> int:
        done = 0
        for _ in range(rounds):
            ready = audience_tasks().ready()
            if not ready.exists():
                return done
            done += ready.count()
            with django_capture_on_commit_callbacks(execute=True):
                run_queued(ready)
        raise AssertionError("the audience's tasks did not settle")

    return run
