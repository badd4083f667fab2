from django.apps import AppConfig


class EarningsConfig(AppConfig):
    name = "quire.earnings"
    label = "earnings"
    verbose_name = "Earnings"
    default_auto_field = "django.db.models.BigAutoField"
