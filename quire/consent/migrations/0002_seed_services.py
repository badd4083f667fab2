"""The services Quire knows: its own functions (Necessary, listed so visitors see
everything the site does), the embeds it supports, and disabled placeholders for the
third parties an operator may add."""

from django.db import migrations

SERVICES = [
    # key, name, category, provider, policy, hosts, cookies, first party, enabled, purpose
    ("quire-accounts", "Sign-in and sessions", "necessary", "", "", "", True, True, True,
     "Keeps you signed in and protects forms against forgery. A session cookie, only when you sign in or post."),
    ("quire-consent", "Your privacy choices", "necessary", "", "", "", True, True, True,
     "Remembers what you allowed here, with a random id stored as proof of your choice."),
    ("quire-spam-filter", "Spam protection", "necessary", "", "", "", False, True, True,
     "Checks comments for spam on this site's own server; nothing is sent anywhere else."),
    ("quire-statistics", "Reading statistics", "necessary", "", "", "", False, True, True,
     "Counts page views on this site's own server, without cookies and without identifying you, so authors see what is read."),
    ("youtube", "YouTube", "marketing", "Google Ireland Ltd.", "https://policies.google.com/privacy",
     "www.youtube-nocookie.com", True, False, True,
     "Plays videos that authors embed in their hubs. Google may use what you watch for advertising."),
    ("vimeo", "Vimeo", "features", "Vimeo.com, Inc.", "https://vimeo.com/privacy",
     "player.vimeo.com", True, False, True,
     "Plays videos that authors embed in their hubs, with Vimeo's do-not-track mode."),
    ("openstreetmap", "OpenStreetMap", "features", "OpenStreetMap Foundation",
     "https://osmfoundation.org/wiki/Privacy_Policy", "www.openstreetmap.org", False, False, True,
     "Shows maps that authors place in their hubs."),
    ("google-sign-in", "Sign in with Google", "features", "Google Ireland Ltd.",
     "https://policies.google.com/privacy", "accounts.google.com", True, False, False,
     "Lets you sign in with your Google account instead of a password."),
    ("facebook-sign-in", "Sign in with Facebook", "features", "Meta Platforms Ireland Ltd.",
     "https://www.facebook.com/privacy/policy/", "www.facebook.com", True, False, False,
     "Lets you sign in with your Facebook account instead of a password."),
    ("paypal", "PayPal", "features", "PayPal (Europe) S.à r.l. et Cie, S.C.A.",
     "https://www.paypal.com/webapps/mpp/ua/privacy-full", "www.paypal.com", True, False, False,
     "Pays authors their share of the site's revenue."),
    ("external-analytics", "External analytics", "statistics", "", "", "", True, False, False,
     "A placeholder for an analytics service the operator may add; fill in its details before enabling it."),
    ("ad-network", "Advertising network", "marketing", "", "", "", True, False, False,
     "A placeholder for the ad network that pays for the site; fill in its details before enabling it."),
]


def seed(apps, schema_editor):
    Service = apps.get_model("consent", "Service")
    for order, row in enumerate(SERVICES):
        key, name, category, provider, policy, hosts, cookies, first, enabled, purpose = row
        Service.objects.update_or_create(
            key=key,
            defaults={
                "name": name,
                "category": category,
                "provider": provider,
                "privacy_policy_url": policy,
                "hosts": hosts,
                "sets_cookies": cookies,
                "first_party": first,
                "enabled": enabled,
                "purpose": purpose,
                "order": order * 10,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("consent", "Service").objects.filter(key__in=[r[0] for r in SERVICES]).delete()


class Migration(migrations.Migration):
    dependencies = [("consent", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
