"""Editorial review: the site's editorial settings, the editors' review task of the
workflow every hub goes through, and the record of authors accepting the author terms."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import AbstractGroupApprovalTask, Page

from quire.core.domains import domain_list

DEFAULT_BAD_DOMAINS = "\n".join(
    [
        "bit.ly",
        "tinyurl.com",
        "cutt.ly",
        "shorturl.at",
        "rebrand.ly",
    ]
)
DEFAULT_DISPOSABLE_DOMAINS = "\n".join(
    [
        "mailinator.com",
        "guerrillamail.com",
        "10minutemail.com",
        "tempmail.com",
        "temp-mail.org",
        "yopmail.com",
        "trashmail.com",
        "sharklasers.com",
        "getnada.com",
        "dispostable.com",
        "throwawaymail.com",
        "maildrop.cc",
    ]
)


@register_setting(icon="tasks")
class EditorialSettings(BaseGenericSetting):
    min_words = models.PositiveIntegerField(
        "minimum words",
        default=700,
        help_text="A hub needs at least this many words to be submitted for review.",
    )
    bad_domains = models.TextField(
        "refused link domains",
        blank=True,
        default=DEFAULT_BAD_DOMAINS,
        help_text="One domain a line. A hub linking to any of them (or their subdomains) "
        "cannot be submitted.",
    )
    trusted_authors_publish = models.BooleanField(
        "trusted authors publish without review",
        default=False,
        help_text="Submissions by members of the “Trusted authors” group are approved at once.",
    )
    reassess_featured_on_edit = models.BooleanField(
        "re-assess featured hubs after an edit",
        default=True,
        help_text="When a featured hub is published again with changes, it stops being "
        "featured until an editor features it again.",
    )
    require_mfa_for_staff = models.BooleanField(
        "require two-factor authentication for editors and staff",
        default=False,
        help_text="Editors, moderators and staff must set up an authenticator app before "
        "they can use the editor.",
    )
    disposable_email_domains = models.TextField(
        blank=True,
        default=DEFAULT_DISPOSABLE_DOMAINS,
        help_text="One domain a line. Sign-ups with an address at any of them are refused.",
    )

    class Meta:
        verbose_name = "editorial settings"

    def bad_domain_set(self) -> set[str]:
        return domain_list(self.bad_domains)

    def disposable_domain_set(self) -> set[str]:
        return domain_list(self.disposable_email_domains)


def _owned_page_ids(user):
    return Page.objects.filter(owner=user).values_list(Cast("pk", CharField()), flat=True)


class EditorialReviewTask(AbstractGroupApprovalTask):
    """Editors' review: members of the chosen groups approve (publish) or request changes.

    Unlike Wagtail's group approval task, nobody approves their own work: an editor's own
    hub waits for another editor.
    """

    def _is_own(self, obj, user) -> bool:
        return getattr(obj, "owner_id", None) == user.pk

    def get_actions(self, obj, user):
        if self._is_own(obj, user):
            return []
        return super().get_actions(obj, user)

    def user_can_access_editor(self, obj, user):
        return self._is_own(obj, user) or super().user_can_access_editor(obj, user)

    def locked_for_user(self, obj, user):
        # The author keeps editing while the review is pending (a new revision restarts it).
        if self._is_own(obj, user):
            return False
        return super().locked_for_user(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__object_id__in=_owned_page_ids(user))

    @classmethod
    def get_description(cls):
        return "Editors approve (publish) or request changes; nobody approves their own hub."

    class Meta:
        verbose_name = "editors' review"
        verbose_name_plural = "editors' reviews"


class AuthorTermsAcceptance(models.Model):
    """A reader becoming an author: who accepted which version of the terms, when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="author_terms"
    )
    accepted_at = models.DateTimeField(default=timezone.now)
    terms_version = models.DateTimeField(
        null=True, help_text="When the terms page accepted was last published."
    )

    class Meta:
        ordering = ["-accepted_at"]

    def __str__(self) -> str:
        return f"{self.user} accepted the author terms on {self.accepted_at:%Y-%m-%d}"
