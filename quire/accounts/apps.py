from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "quire.accounts"
    label = "quire_accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from .limits import share_rate_limits

        share_rate_limits()
