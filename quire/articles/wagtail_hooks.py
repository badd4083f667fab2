from wagtail import hooks

from quire.accounts.deletion import DELETE_HOOK

from . import account

# A person's hubs go (or pass to the former author) first: their comments' and money's
# parts come after.
hooks.register(DELETE_HOOK, account.account_delete, order=10)
