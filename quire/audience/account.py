"""What the audience app adds to a person's data export (what they follow and how they are
emailed, what they found helpful, and, for an author, the addresses of the followers who
agreed to be taken along) and does when their account is deleted (removes all of it).
Registered in wagtail_hooks.py."""

from quire.accounts.deletion import DeletionReport
from quire.accounts.export import Export, iso
from quire.accounts.models import NotificationPreferences

from .models import Delivery, Follow, Newsletter, Reaction


def account_export(user, export: Export) -> None:
    prefs = NotificationPreferences.objects.filter(user=user).first()
    export.account["notification_emails"] = {
        "featured": prefs.email_on_featured if prefs else True,
        "new_follower": prefs.email_on_follower if prefs else False,
    }
    follows = Follow.objects.filter(follower=user).select_related(
        "author__author_profile", "channel"
    )
    export.add_json(
        "following.json",
        [
            {
                "author": f.author.author_profile.display_name
                if f.author_id and hasattr(f.author, "author_profile")
                else None,
                "channel": f.channel.title if f.channel_id else None,
                "since": iso(f.created_at),
                "email_on_new_hubs": f.email,
                "newsletter": f.newsletter if f.author_id else None,
                "author_may_take_my_address_along": f.take_email_along if f.author_id else None,
            }
            for f in follows.order_by("created_at")
        ],
        "the authors and channels you follow, and how each emails you",
    )
    export.add_json(
        "helpful.json",
        [
            {"hub": title, "when": iso(when)}
            for title, when in Reaction.objects.filter(user=user)
            .order_by("created_at")
            .values_list("hub__title", "created_at")
        ],
        "the hubs you marked helpful",
    )
    export.add_json(
        "newsletters.json",
        [
            {
                "subject": n.subject,
                "note": n.note,
                "hub": n.hub.title if n.hub_id else None,
                "sent": iso(n.created_at),
            }
            for n in Newsletter.objects.filter(author=user)
            .select_related("hub")
            .order_by("created_at")
        ],
        "the newsletters you sent to your followers",
    )
    agreed = (
        Follow.objects.filter(author=user, take_email_along=True, follower__is_active=True)
        .order_by("created_at")
        .values_list("follower__email", "created_at")
    )
    export.add_json(
        "followers_who_come_along.json",
        [{"email": email, "following_since": iso(when)} for email, when in agreed],
        "the addresses of your followers who agreed that you may take them along if you "
        "move (no other follower's address is given to you)",
    )


def account_delete(user, choices: dict, report: DeletionReport) -> None:
    Follow.objects.filter(follower=user).delete()
    Follow.objects.filter(author=user).delete()
    Reaction.objects.filter(user=user).delete()
    Delivery.objects.filter(recipient=user).delete()
    Newsletter.objects.filter(author=user).delete()
