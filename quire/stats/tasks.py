from django_tasks import task


@task()
def stats_roll_up_task() -> int:
    from .services import stats_roll_up

    return stats_roll_up()
