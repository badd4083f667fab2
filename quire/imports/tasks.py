from django_tasks import task


@task()
def import_run_task(job_id: int) -> str:
    from .services import job_run

    return job_run(job_id)
