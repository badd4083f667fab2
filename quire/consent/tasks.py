from django_tasks import task


@task()
def prune_consent_records() -> int:
    """Delete consent records older than the retention setting."""
    from .services import consent_records_prune

    return consent_records_prune()
