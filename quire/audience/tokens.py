"""The signed unsubscribe link in every email: one per recipient and address, good without
signing in, for ``QUIRE_AUDIENCE_UNSUBSCRIBE_DAYS`` (read in services.unsubscribe_user)."""

from django.core import signing

UNSUBSCRIBE_SALT = "quire.audience.unsubscribe"


def unsubscribe_token(user) -> str:
    return signing.dumps(
        {"u": user.pk, "e": user.email.lower()}, salt=UNSUBSCRIBE_SALT, compress=True
    )
