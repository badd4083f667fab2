"""What search engines and link previews read about a hub: Open Graph, Twitter card and
schema.org Article data, with absolute addresses."""

from django.conf import settings

SHARE_IMAGE = "fill-1200x630|format-jpeg|jpegquality-80"


def hub_metadata(hub) -> dict:
    base = settings.WAGTAILADMIN_BASE_URL
    url = f"{base}{hub.url}"
    profile = hub.author_profile
    image = None
    if hub.lead_image_id:
        rendition = hub.lead_image.get_rendition(SHARE_IMAGE)
        image = {
            "url": f"{base}{rendition.url}",
            "width": rendition.width,
            "height": rendition.height,
            "alt": hub.lead_image_alt,
        }
    article = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": hub.title[:110],
        "description": hub.summary,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": hub.first_published_at.isoformat() if hub.first_published_at else None,
        "dateModified": (hub.last_published_at or hub.first_published_at).isoformat()
        if (hub.last_published_at or hub.first_published_at)
        else None,
        "publisher": {"@type": "Organization", "name": settings.QUIRE_SITE_NAME, "url": base},
    }
    if profile:
        article["author"] = {
            "@type": "Person",
            "name": profile.display_name,
            "url": f"{base}{profile.get_absolute_url()}",
        }
    if image:
        article["image"] = [image["url"]]
    return {
        "url": url,
        "image": image,
        "article": {k: v for k, v in article.items() if v is not None},
    }
