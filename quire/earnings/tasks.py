from django_tasks import task


@task()
def earnings_allocate_month_task(revenue_id: int, user_id: int) -> str:
    """The allocation as a background task: safe to run twice (the second is refused)."""
    from django.contrib.auth import get_user_model

    from .models import RevenueEntry
    from .services import EarningsError, earnings_allocate_month

    user = get_user_model().objects.get(pk=user_id)
    revenue = RevenueEntry.objects.get(pk=revenue_id)
    try:
        run = earnings_allocate_month(user, revenue)
    except EarningsError as error:
        return error.message
    return f"allocated run {run.pk}"
