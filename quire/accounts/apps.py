from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "quire.accounts"
    label = "quire_accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from . import signals  # noqa: F401
        from .adapter import share_rate_limits

        share_rate_limits()
