"""Delete my account: the person chooses what happens to their hubs and their comments.

Hubs are deleted (with their comments and the pictures nothing else uses) or kept under
the shared "Former author" profile. Comments are kept, signed "Deleted user", or removed:
a removed comment that others answered leaves the usual "deleted by its writer"
placeholder so their replies keep their place. Then the account and everything attached
to it (profile, picture, addresses, sign-in links, second factors, data exports) goes.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from quire.authors.models import AuthorProfile
from quire.authors.selectors import unique_author_slug

# Not a valid sign-up username (":" is refused), so no person can ever hold it.
FORMER_AUTHOR_USERNAME = "quire:former-author"
FORMER_AUTHOR_NAME = "Former author"

HUBS_DELETE = "delete"
HUBS_KEEP = "keep"
COMMENTS_KEEP = "keep"
COMMENTS_REMOVE = "remove"


@dataclass
class DeletionReport:
    email: str
    name: str
    hubs_deleted: int = 0
    hubs_kept: int = 0
    comments_kept: int = 0
    comments_removed: int = 0
    images_deleted: int = 0


def former_author():
    """The one inactive account that keeps the hubs of authors who left."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=FORMER_AUTHOR_USERNAME,
        defaults={"is_active": False, "email": ""},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        profile = user.author_profile
        profile.display_name = FORMER_AUTHOR_NAME
        profile.slug = unique_author_slug(FORMER_AUTHOR_NAME, exclude_pk=profile.pk)
        profile.bio = "Hubs kept after their authors closed their accounts."
        profile.save(update_fields=["display_name", "slug", "bio"])
    return user


def _delete_hubs(user, report: DeletionReport) -> None:
    from wagtail.images import get_image_model
    from wagtail.models import ReferenceIndex

    from quire.articles.models import ArticlePage

    for hub in ArticlePage.objects.filter(owner=user).order_by("-depth", "pk"):
        hub.delete()
        report.hubs_deleted += 1
    # Their pictures go too, unless something that stays still shows them.
    for image in get_image_model().objects.filter(uploaded_by_user=user):
        if not ReferenceIndex.get_references_to(image).exists():
            image.delete()
            report.images_deleted += 1


def _keep_hubs(user, report: DeletionReport) -> None:
    from quire.articles.models import ArticlePage

    heir = former_author()
    for hub in ArticlePage.objects.filter(owner=user).order_by("pk"):
        hub.owner = heir
        # Saved one by one so the search index learns the new byline.
        hub.save(update_fields=["owner"], clean=False)
        report.hubs_kept += 1


def _comments(user, choice: str, report: DeletionReport) -> None:
    from quire.comments.models import Comment

    mine = Comment.objects.filter(user=user)
    # Updated in bulk, which sends no signal: the hubs' cached pages are refreshed here.
    from quire.pagecache import bump
    from quire.pagecache import tags as tag

    bump(*{tag.page(hub_id) for hub_id in mine.values_list("hub_id", flat=True)})
    if choice == COMMENTS_REMOVE:
        answered = list(mine.filter(replies__isnull=False).values_list("pk", flat=True))
        report.comments_removed = mine.count()
        Comment.objects.filter(pk__in=answered).update(
            text="", text_hash="", deleted_at=timezone.now(), ip_address=None, user=None
        )
        Comment.objects.filter(user=user).delete()
    else:
        report.comments_kept = mine.update(
            user=None, guest_name="", guest_email="", ip_address=None
        )


def earnings_blocker(user) -> str:
    """Why the account cannot go yet because of money, or "" (checked by the form)."""
    from quire.earnings.models import Payout
    from quire.earnings.services import balance

    if Payout.objects.filter(author=user, status=Payout.Status.PENDING).exists():
        return "A payout to you is on its way: delete your account once it is paid."
    owed = balance(user)
    if owed > 0:
        return (
            f"You have {owed} of earnings not paid yet: leave the account once they are paid, "
            "or ask the site's operators to close your balance."
        )
    return ""


def _keep_money_records(user) -> None:
    """The ledger and payouts are the site's accounts and stay; they move to the former
    author account (their amounts, months and PayPal addresses kept as they were)."""
    from quire.earnings.models import (
        AllocationRun,
        LedgerEntry,
        Membership,
        Payout,
        PayoutRun,
        RevenueEntry,
    )

    if not (
        LedgerEntry.objects.filter(author=user).exists()
        or Payout.objects.filter(author=user).exists()
        or RevenueEntry.objects.filter(entered_by=user).exists()
        or AllocationRun.objects.filter(run_by=user).exists()
        or PayoutRun.objects.filter(created_by=user).exists()
        or Membership.objects.filter(user=user).exists()
    ):
        return
    heir = former_author()
    # Bulk updates: the ledger's own save() refuses changes to an entry's amounts, and
    # only the owner moves here.
    LedgerEntry.objects.filter(author=user).update(author=heir)
    Payout.objects.filter(author=user).update(author=heir)
    RevenueEntry.objects.filter(entered_by=user).update(entered_by=heir)
    AllocationRun.objects.filter(run_by=user).update(run_by=heir)
    PayoutRun.objects.filter(created_by=user).update(created_by=heir)
    Membership.objects.filter(user=user).delete()


def account_delete(user, *, hubs: str, comments: str) -> DeletionReport:
    """Delete ``user`` as they chose. Runs in a background task; one transaction."""
    if hubs not in (HUBS_DELETE, HUBS_KEEP) or comments not in (COMMENTS_KEEP, COMMENTS_REMOVE):
        raise ValueError("Unknown choice for hubs or comments.")
    profile = AuthorProfile.objects.filter(user=user).first()
    report = DeletionReport(email=user.email, name=profile.display_name if profile else "")
    with transaction.atomic():
        if hubs == HUBS_DELETE:
            _delete_hubs(user, report)
        else:
            _keep_hubs(user, report)
        _comments(user, comments, report)
        _keep_money_records(user)
        files = [export.file for export in user.data_exports.all() if export.file]
        if profile and profile.avatar:
            files.append(profile.avatar)
        user.delete()
        transaction.on_commit(lambda: [f.delete(save=False) for f in files])
    return report
