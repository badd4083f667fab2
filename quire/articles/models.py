"""The page tree: HomePage → 22 ChannelPages → ArticlePages ("hubs").

Page models stay thin: what a page shows is in its template, what it lists comes from
selectors.py.
"""

from dataclasses import replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from quire.authors.selectors import profile_for
from quire.core import text as core_text
from quire.core.params import page_number
from quire.pagecache import cacheable, memo
from quire.pagecache import tags as tag
from quire.pagecache.fragments import FragmentSpec

from . import embeds, sections, selectors
from .blocks import CapsuleStreamBlock


def paginate(request: HttpRequest, items, per_page: int | None = None, count: int | None = None):
    """One page of ``items`` for the ?page= parameter; out-of-range numbers give the last
    page and junk gives the first, never an error. ``count``: the number of items, when
    it is known already (a kept count spares a query)."""
    paginator = Paginator(items, per_page or settings.QUIRE_HUBS_PER_PAGE)
    if count is not None:
        paginator.__dict__["count"] = count  # Paginator.count is a cached property
    return paginator.get_page(page_number(request.GET))


def listing_page_number(request: HttpRequest, count: int, per_page: int | None = None) -> int:
    """The page ``paginate`` will show for this request (for a key, or a title)."""
    per_page = per_page or settings.QUIRE_HUBS_PER_PAGE
    pages = max(1, -(-count // per_page))
    return min(page_number(request.GET), pages)


class CachedPage:
    """A page the same for every anonymous reader, kept by the page cache (quire/pagecache)
    under the tags of what it shows."""

    def cache_tags(self) -> list[str]:
        return [tag.page(self.pk)]

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return cacheable(response, *self.cache_tags())

    def get_view_restrictions(self):
        # Two queries per page view for a feature most sites never use: asked only when
        # the site has any restriction at all.
        if not selectors.site_has_view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class HomePage(CachedPage, Page):
    intro = models.CharField(
        max_length=250,
        blank=True,
        help_text="One line under the site's name on the home page.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["articles.ChannelPage", "articles.InfoPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def cache_tags(self) -> list[str]:
        return [tag.HUBS]

    def route(self, request, path_components):
        from .routing import route_below_home

        found = route_below_home(self, path_components)
        return found if found is not None else super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_hubs"] = selectors.latest_hubs(limit=9)
        context["page_parts"] = sections.page_parts(sections.HOME, self, request)
        context["channel_sections"] = selectors.channel_sections(per_channel=3)
        return context


class InfoPage(CachedPage, Page):
    """A page of the site itself: the author terms, the privacy page, "about"."""

    body = RichTextField(features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("body")]
    parent_page_types = ["articles.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "information page"


class ChannelPage(CachedPage, Page):
    description = models.CharField(
        max_length=250, blank=True, help_text="What this channel is about, in a line."
    )
    is_site_channel = models.BooleanField(
        default=False,
        help_text="The platform's own channel: site news and help.",
    )
    ad_free = models.BooleanField(
        default=False, help_text="No ads on any hub of this channel (e.g. a sensitive subject)."
    )

    content_panels = [*Page.content_panels, FieldPanel("description")]
    settings_panels = [*Page.settings_panels, FieldPanel("is_site_channel"), FieldPanel("ad_free")]
    parent_page_types = ["articles.HomePage"]
    subpage_types = ["articles.ArticlePage"]

    def cache_tags(self) -> list[str]:
        # Its hubs' cards carry their authors' names.
        return [tag.channel(self.path), tag.AUTHORS]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        tags = (tag.channel(self.path), tag.AUTHORS)
        count = memo(f"channel-count:{self.pk}", tags, selectors.hubs_in_channel(self).count)
        number = listing_page_number(request, count)
        context["page_number"] = number
        context["hub_count"] = count
        context["page_parts"] = sections.page_parts(sections.CHANNEL, self, request)
        # The listing is kept rendered until a hub of the channel (or an author) changes.
        context["listing_fragment"] = FragmentSpec(
            f"channel-list:{self.pk}:{number}",
            tags,
            provide=lambda: {
                "hubs": paginate(request, selectors.hubs_in_channel(self), count=count)
            },
        )
        context["current_channel_id"] = self.pk
        return context


class ArticlePage(CachedPage, Page):
    """A hub: one long-form article by one author (the page's owner)."""

    summary = models.TextField(
        max_length=400,
        help_text="One or two sentences: shown in listings, search results and link previews.",
    )
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_alt = models.CharField(
        "lead image alternative text",
        max_length=250,
        blank=True,
        help_text="Describe the lead image for readers who cannot see it.",
    )
    body = StreamField(CapsuleStreamBlock(), use_json_field=True)
    comments_open = models.BooleanField(
        default=True,
        help_text="Readers may comment on this hub. Existing comments stay visible when closed.",
    )
    show_ads = models.BooleanField(
        "show ads",
        default=True,
        help_text="Ads on this hub earn you a share of the site's ad revenue; untick for none.",
    )
    ad_free = models.BooleanField(
        "ad-free (editors)",
        default=False,
        help_text="An editor's decision: no ads on this hub whatever the author chose.",
    )
    # Editorial state, set by editors (quire.editorial) and never by a revision: see
    # with_content_json. Only featured hubs are listed on the home page, in feeds, in the
    # sitemap and in "related hubs"; the others carry robots "noindex".
    featured = models.BooleanField(default=False, editable=False, db_index=True)
    featured_at = models.DateTimeField(null=True, blank=True, editable=False)

    # The editorial app adds its pre-checks panel at the top, its form (a submission must
    # pass them) and its permission tester (authors see their own work only): see
    # quire/editorial/apps.py.
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("lead_image"), FieldPanel("lead_image_alt")], "Lead image"),
        FieldPanel("body"),
    ]
    settings_panels = [
        *Page.settings_panels,
        FieldPanel("comments_open"),
        FieldPanel("show_ads"),
        # Only people who may feature hubs (editors) see and change it.
        FieldPanel("ad_free", permission="articles.editor"),
    ]
    permission_tester_class = None
    # Searched: the title (Page's own field, boost 2: the highest), the summary, every
    # capsule's text (chart labels and captions included) and the author's name.
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=1.5),
        index.SearchField("body_text"),
        index.SearchField("author_name"),
        index.SearchField("unaccented_words"),
    ]
    parent_page_types = ["articles.ChannelPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "hub"
        permissions = [
            ("editor", "Is an editor: reviews, publishes and features every author's hubs"),
        ]

    # Fields an editor sets on the page itself; restoring or publishing a revision keeps them.
    EDITORIAL_FIELDS = ("featured", "featured_at")

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in self.EDITORIAL_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    def clean(self):
        super().clean()
        if self.lead_image_id and not self.lead_image_alt.strip():
            raise ValidationError(
                {"lead_image_alt": "Describe the lead image: alternative text is required."}
            )

    def permissions_for_user(self, user):
        tester = self.permission_tester_class
        return tester(user, self) if tester else super().permissions_for_user(user)

    def body_text(self) -> str:
        """Every capsule's searchable text (chart labels and captions included).

        The search indexer asks each search field's value once per index column (five
        times a hub), so the text is worked out once per body value and kept on the
        instance; assigning another body works it out again."""
        kept = self.__dict__.get("_body_text")
        if kept is None or kept[0] is not self.body:
            body = self.body
            text = " ".join(body.stream_block.get_searchable_content(body)) if body else ""
            kept = self.__dict__["_body_text"] = (body, text)
        return kept[1]

    def unaccented_words(self) -> str:
        """Accented words of the hub, without their accents, so that "cafe" finds "café"
        on every search backend (PostgreSQL's full-text search keeps accents)."""
        text = f"{self.title} {self.summary} {self.author_name} {self.body_text()}"
        kept = self.__dict__.get("_unaccented_words")
        if kept is None or kept[0] != text:
            kept = self.__dict__["_unaccented_words"] = (text, core_text.unaccented_words(text))
        return kept[1]

    @property
    def author_name(self) -> str:
        profile = self.author_profile
        return profile.display_name if profile else ""

    @property
    def author_profile(self):
        return profile_for(self.owner)

    def embedded_services(self) -> set[str]:
        """The consent registry keys of the third-party services this hub embeds."""
        keys = set()
        for block in self.body:
            if block.block_type == "video":
                try:
                    keys.add(embeds.video(block.value["url"]).service)
                except embeds.EmbedError:
                    continue
            elif block.block_type == "map":
                keys.add("openstreetmap")
        return keys

    def cache_tags(self) -> list[str]:
        # Its own content and comments, its channel (the related hubs), its author's byline.
        return [tag.page(self.pk), tag.channel(self.path), tag.author(self.owner_id)]

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        sections.allow_frames(self, response)
        return response

    def get_context(self, request, *args, hub_state=None, **kwargs):
        """``hub_state``: what a feature's POST shows again (sections.hub_page_response)."""
        context = super().get_context(request, *args, **kwargs)
        channel = selectors.channel_for_path(self.path)
        context["channel"] = channel
        context["current_channel_id"] = channel.id if channel else None
        shown = self.live and not getattr(request, "is_preview", False)
        # What the features add (comments, ad slots): not in the editor's preview.
        context["hub_sections"] = sections.hub_sections(self, request, hub_state) if shown else {}
        if self.live:
            from .metadata import hub_metadata

            context["meta_fragment"] = FragmentSpec(
                None, provide=lambda: {"metadata": hub_metadata(self)}
            )
        # The article, its metadata and the related hubs are kept rendered between requests
        # (quire/pagecache/fragments.py).
        if shown:
            # Related hubs' cards carry their authors' names.
            channel_tags = (tag.channel(self.path), tag.AUTHORS) if channel else (tag.AUTHORS,)
            own = (tag.page(self.pk), tag.author(self.owner_id))
            version = f"{self.pk}:{self.live_revision_id}"
            context["meta_fragment"] = replace(
                context["meta_fragment"], key=f"hub-meta:{version}", tags=own
            )
            context["article_fragment"] = FragmentSpec(f"hub-article:{version}", own)
            context["related_fragment"] = FragmentSpec(
                f"related:{self.pk}",
                channel_tags,
                provide=lambda: {"related_hubs": selectors.related_hubs(self)},
            )
        elif self.live:
            context["related_fragment"] = FragmentSpec(
                None, provide=lambda: {"related_hubs": selectors.related_hubs(self)}
            )
        return context
