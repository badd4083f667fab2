"""What happens to a person's hubs when they delete their account: deleted (with their
comments and the pictures nothing else uses) or kept under the shared "Former author"
profile. Registered in wagtail_hooks.py under ``quire.accounts.deletion.DELETE_HOOK``."""

from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex

from quire.accounts.deletion import HUBS_DELETE, DeletionReport, former_author

from .models import ArticlePage


def account_delete(user, choices: dict, report: DeletionReport) -> None:
    if choices["hubs"] == HUBS_DELETE:
        for hub in ArticlePage.objects.filter(owner=user).order_by("-depth", "pk"):
            hub.delete()
            report.hubs_deleted += 1
        # Their pictures go too, unless something that stays still shows them.
        for image in get_image_model().objects.filter(uploaded_by_user=user):
            if not ReferenceIndex.get_references_to(image).exists():
                image.delete()
                report.images_deleted += 1
        return
    heir = former_author()
    for hub in ArticlePage.objects.filter(owner=user).order_by("pk"):
        hub.owner = heir
        # Saved one by one so the search index learns the new byline.
        hub.save(update_fields=["owner"], clean=False)
        report.hubs_kept += 1
