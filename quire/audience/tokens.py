"""The signed unsubscribe link in every email: one per recipient, address and list (the
new-hub emails, or one author's newsletter), good without signing in for
``QUIRE_AUDIENCE_UNSUBSCRIBE_DAYS`` (read in services.unsubscribe_user)."""

from django.core import signing

UNSUBSCRIBE_SALT = "quire.audience.unsubscribe"
NEW_HUBS = "hubs"


def newsletter_scope(author_id: int) -> str:
    return f"newsletter:{int(author_id)}"


def unsubscribe_token(user, scope: str = NEW_HUBS) -> str:
    return signing.dumps(
        {"u": user.pk, "e": user.email.lower(), "s": scope}, salt=UNSUBSCRIBE_SALT, compress=True
    )
