"""The demo-content generator: authors, pictures and hubs across all 22 channels.

Hubs are inserted in bulk with their tree paths computed here (treebeard's materialised
path: parent path + a base-36 step), so 100,000 hubs take minutes rather than hours. The
result is a valid tree: tests run Wagtail's ``fixtree`` over it.
"""

from __future__ import annotations

import html
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from quire.accounts.roles import authors_group
from quire.articles.channels import CHANNELS
from quire.articles.models import ArticlePage, ChannelPage
from quire.audience.models import (
    Email,
    Follow,
    Newsletter,
    NewsletterDelivery,
    Notification,
    Reaction,
)
from quire.authors.models import AuthorProfile
from quire.authors.selectors import unique_author_slug
from quire.comments.models import Comment
from quire.comments.text import fingerprint
from quire.search.services import search_index_rebuild
from quire.site.setup import site_setup

from . import corpus, images

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "quire-demo-admin"  # noqa: S105 - printed for the local demo only
DEMO_AUTHOR_PASSWORD = "quire-demo-author"  # noqa: S105
BATCH = 2000

Progress = Callable[[str], None]


@dataclass
class DemoResult:
    authors: int
    hubs: int
    images: int
    seconds: float
    comments: int = 0
    follows: int = 0


def ensure_demo_admin() -> tuple[str, str]:
    """The demo's superuser; created once, its password reset to the printed one."""
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        username=DEMO_ADMIN_USERNAME,
        defaults={"email": "admin@example.org", "first_name": "Site", "last_name": "Admin"},
    )
    user.is_staff = user.is_superuser = True
    user.set_password(DEMO_ADMIN_PASSWORD)
    user.save()
    verify_emails([user])
    return user.email, DEMO_ADMIN_PASSWORD


def verify_emails(users) -> None:
    """Demo accounts sign in with their email address, already confirmed."""
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        ignore_conflicts=True,
    )


class DemoGenerator:
    def __init__(
        self, *, seed: int = 1, progress: Progress | None = None, index: bool = True
    ) -> None:
        self.index = index
        self.rng = random.Random(seed)
        self.progress = progress or (lambda message: None)
        self.now = timezone.now().replace(microsecond=0)

    # -- small helpers -----------------------------------------------------------------
    def _uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _fill(self, text: str, topic: tuple[str, str, str]) -> str:
        name, thing, place = topic
        return text.format(
            topic=name,
            Topic=_title_case(name),
            thing=thing,
            Thing=thing[:1].upper() + thing[1:],
            place=place,
        )

    def _paragraph(self, topic, sentences: int) -> str:
        chosen = self.rng.sample(corpus.SENTENCES, sentences)
        return " ".join(self._fill(s, topic) for s in chosen)

    def _block(self, kind: str, value) -> dict:
        return {"type": kind, "value": value, "id": self._uuid()}

    # -- authors -----------------------------------------------------------------------
    def create_authors(self, count: int) -> list:
        User = get_user_model()
        password = make_password(DEMO_AUTHOR_PASSWORD)
        interests = [t[0] for topics in corpus.TOPICS.values() for t in topics]
        existing = User.objects.filter(username__startswith="demo-author-").count()
        users = []
        for i in range(existing, existing + count):
            first = self.rng.choice(corpus.FIRST_NAMES)
            last = self.rng.choice(corpus.LAST_NAMES)
            users.append(
                User(
                    username=f"demo-author-{i + 1}",
                    first_name=first,
                    last_name=last,
                    email=f"demo-author-{i + 1}@example.org",
                    password=password,
                    date_joined=self.now - timedelta(days=self.rng.randint(400, 2500)),
                )
            )
        # bulk_create sends no post_save, so the profiles are created here.
        users = User.objects.bulk_create(users)
        verify_emails(users)
        authors_group().user_set.add(*users)
        for n, user in enumerate(users):
            a, b = self.rng.sample(interests, 2)
            name = f"{user.first_name} {user.last_name}"
            profile = AuthorProfile(
                user=user,
                display_name=name,
                slug=unique_author_slug(name),
                bio=self.rng.choice(corpus.BIO_PATTERNS).format(a=a, b=b, A=a.capitalize()),
                about=self.rng.choice(corpus.ABOUT_PATTERNS).format(a=a, b=b),
                location=self.rng.choice(corpus.LOCATIONS) if self.rng.random() < 0.8 else "",
                joined=user.date_joined,
            )
            if n % 5 != 4:  # every fifth author keeps the generated initials avatar
                profile.avatar.save(
                    f"{profile.slug}.jpg",
                    ImageFile(BytesIO(images.portrait(self.rng)), name=f"{profile.slug}.jpg"),
                    save=False,
                )
            profile.save()
            if (n + 1) % 10 == 0 or n + 1 == len(users):
                self.progress(f"  authors: {n + 1}/{len(users)}")
        return users

    # -- pictures ----------------------------------------------------------------------
    def create_images(self, count: int) -> list:
        Image = get_image_model()
        created = []
        for i in range(count):
            data = images.landscape(self.rng)
            image = Image(title=f"Demo landscape {i + 1}")
            image.file = ImageFile(BytesIO(data), name=f"demo-landscape-{i + 1}.jpg")
            image.save()
            created.append(image)
            self.progress(f"  pictures: {i + 1}/{count}")
        return created

    # -- hubs --------------------------------------------------------------------------
    def hub_body(self, channel_name: str | None, topic, pictures: list) -> list[dict]:
        rng = self.rng
        blocks = []
        intro = [
            self._fill(rng.choice(corpus.OPENINGS), topic) + " " + self._paragraph(topic, 3),
            self._paragraph(topic, 4),
        ]
        blocks.append(self._block("text", {"heading": "", "text": _paras(intro)}))
        headings = rng.sample(corpus.HEADINGS, 4)
        blocks.append(
            self._block(
                "text",
                {
                    "heading": headings[0],
                    "text": _paras(
                        [self._paragraph(topic, 4), self._fill(rng.choice(corpus.QUOTED), topic)]
                    ),
                },
            )
        )
        if pictures:
            picture = rng.choice(pictures)
            blocks.append(
                self._block(
                    "image",
                    {
                        "image": picture.pk,
                        "alt_text": "Layered hills under a low sun, drawn in soft colours.",
                        "caption": self._fill(
                            "Where {topic} begins for many of us: {place}.", topic
                        ),
                        "credit": "Illustration generated for the demo",
                    },
                )
            )
        if channel_name == "Travel" and rng.random() < 0.6:
            # A consent-gated OpenStreetMap capsule: a placeholder until the reader allows it.
            place, latitude, longitude, zoom = rng.choice(corpus.MAP_PLACES)
            blocks.append(
                self._block(
                    "map",
                    {
                        "title": place,
                        "latitude": latitude,
                        "longitude": longitude,
                        "zoom": zoom,
                        "caption": "Where this walk starts.",
                    },
                )
            )
        items = [self._fill(s, topic) for s in rng.sample(corpus.LIST_ITEMS, rng.randint(3, 6))]
        blocks.append(
            self._block(
                "list",
                {
                    "style": rng.choice(["bulleted", "bulleted", "numbered"]),
                    "items": [f"<p>{html.escape(item)}</p>" for item in items],
                },
            )
        )
        blocks.append(
            self._block(
                "text",
                {
                    "heading": "What the numbers say",
                    "text": _paras(
                        [
                            self._paragraph(topic, 3)
                            + " The graph below shows how it compares across countries."
                        ]
                    ),
                },
            )
        )
        countries = rng.sample(corpus.COUNTRIES, rng.randint(6, 10))
        percent = rng.random() < 0.5
        lines = [
            f"{c}, {rng.randint(8, 92) if percent else round(rng.uniform(1, 40), 1)}"
            for c in countries
        ]
        blocks.append(
            self._block(
                "chart",
                {
                    "title": self._fill(rng.choice(corpus.CHART_TITLES), topic),
                    "kind": "bar",
                    "data": "\n".join(lines),
                    "unit": "%" if percent else "hours",
                    "caption": "",
                    "source": "Demo figures, generated for illustration",
                },
            )
        )
        blocks.append(
            self._block(
                "footnote",
                {"text": "Illustrative figures for this demo hub; they describe no real survey."},
            )
        )
        if rng.random() < 0.4:
            months = corpus.MONTHS[: rng.randint(6, 12)]
            level = rng.uniform(10, 50)
            data = []
            for month in months:
                level = max(0, level + rng.uniform(-6, 9))
                data.append(f"{month}, {round(level, 1)}")
            blocks.append(
                self._block(
                    "chart",
                    {
                        "title": self._fill("Hours I spent on {topic}, month by month", topic),
                        "kind": "line",
                        "data": "\n".join(data),
                        "unit": "hours",
                        "caption": "My own log, rounded to the nearest tenth.",
                        "source": "",
                    },
                )
            )
        blocks.append(
            self._block(
                "quote",
                {"quote": rng.choice(corpus.PULL_QUOTES), "attribution": "", "source_url": ""},
            )
        )
        if rng.random() < 0.5:
            rows = [["Item", "Typical cost", "Notes"]]
            rows.append([topic[1].capitalize(), f"€{rng.randint(5, 80)}", "Worth buying early"])
            rows.append(["A beginner's book", f"€{rng.randint(8, 25)}", "Or borrow one"])
            rows.append(["Time each week", f"{rng.randint(1, 6)} hours", "Little and often"])
            blocks.append(
                self._block(
                    "table",
                    {
                        "data": rows,
                        "first_row_is_table_header": True,
                        "first_col_is_header": False,
                        "table_header_choice": "row",
                        "table_caption": "What you need to start",
                        "cell": [],
                        "mergeCells": [],
                    },
                )
            )
        if channel_name == "Technology":
            blocks.append(
                self._block(
                    "code",
                    {
                        "language": "bash",
                        "code": "# Copy today's photos to the backup drive, keeping dates\n"
                        "rsync -a --info=progress2 ~/Pictures/ /media/backup/Pictures/",
                        "caption": "A one-line backup that is easy to remember.",
                    },
                )
            )
        for heading in headings[1:3]:
            blocks.append(
                self._block(
                    "text",
                    {
                        "heading": heading,
                        "text": _paras([self._paragraph(topic, 4), self._paragraph(topic, 3)]),
                    },
                )
            )
        return blocks

    def create_hubs(self, count: int, authors: list, pictures: list) -> int:
        home = site_setup()
        channels = list(ChannelPage.objects.child_of(home).order_by("path"))
        names = {slugify(name): name for name, _ in CHANNELS if name}
        content_type = ContentType.objects.get_for_model(ArticlePage)
        locale = Locale.get_default()
        next_step = {}
        slugs: dict[int, set[str]] = {}
        for channel in channels:
            last = channel.get_last_child()
            next_step[channel.pk] = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
            slugs[channel.pk] = set(channel.get_children().values_list("slug", flat=True))
        added = {channel.pk: 0 for channel in channels}
        done = 0
        cycle: list = []
        for start in range(0, count, BATCH):
            pages, details = [], []
            for _ in range(start, min(start + BATCH, count)):
                # Every channel gets one hub per round, in a shuffled order.
                if not cycle:
                    cycle = self.rng.sample(channels, len(channels))
                channel = cycle.pop()
                channel_name = names.get(channel.slug)
                topic = self.rng.choice(corpus.TOPICS[channel_name])
                title = self._fill(self.rng.choice(corpus.TITLE_PATTERNS), topic)
                title = title[:1].upper() + title[1:]
                slug = base = slugify(title)[:200]
                n = 1
                while slug in slugs[channel.pk]:
                    n += 1
                    slug = f"{base}-{n}"
                slugs[channel.pk].add(slug)
                step = next_step[channel.pk]
                next_step[channel.pk] += 1
                added[channel.pk] += 1
                first = self.now - timedelta(minutes=self.rng.randint(60, 3 * 365 * 24 * 60))
                last = min(self.now, first + timedelta(days=self.rng.choice([0, 0, 3, 30, 200])))
                pages.append(
                    Page(
                        title=title,
                        draft_title=title,
                        slug=slug,
                        content_type=content_type,
                        path=Page._get_path(channel.path, channel.depth + 1, step),
                        depth=channel.depth + 1,
                        numchild=0,
                        url_path=f"{channel.url_path}{slug}/",
                        owner=self.rng.choice(authors),
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=first,
                        last_published_at=last,
                        latest_revision_created_at=last,
                        locale=locale,
                        translation_key=self._uuid(),
                    )
                )
                details.append(
                    {
                        "summary": self._fill(self.rng.choice(corpus.SUMMARY_PATTERNS), topic),
                        "lead_image_id": self.rng.choice(pictures).pk if pictures else None,
                        "lead_image_alt": "Layered hills under a low sun, drawn in soft colours.",
                        "body": self.hub_body(channel_name, topic, pictures),
                        # Most demo hubs are featured; the rest show the "Featuring" queue.
                        "featured": self.rng.random() < 0.85,
                        "featured_at": last,
                    }
                )
            with transaction.atomic():
                pages = Page.objects.bulk_create(pages)
                _insert_article_rows(pages, details)
            done += len(pages)
            self.progress(f"  hubs: {done}/{count}")
        with transaction.atomic():
            for channel in channels:
                if added[channel.pk]:
                    Page.objects.filter(pk=channel.pk).update(
                        numchild=F("numchild") + added[channel.pk]
                    )
        return done

    def run(self, *, authors: int, articles: int) -> DemoResult:
        started = time.monotonic()
        self.progress("Setting up the home page and 22 channels…")
        site_setup()
        self.progress(f"Creating {authors} authors…")
        users = self.create_authors(authors)
        if not users:
            users = list(get_user_model().objects.filter(username__startswith="demo-author-"))
        picture_count = min(16, max(3, articles // 10)) if articles else 0
        self.progress(f"Drawing {picture_count} pictures…")
        pictures = self.create_images(picture_count)
        self.progress(f"Writing {articles} hubs…")
        hubs = self.create_hubs(articles, users, pictures) if articles else 0
        self.progress("Writing readers' comments…")
        comments = self.create_comments(users) if hubs else 0
        self.progress("Readers following authors and channels…")
        follows = self.create_audience(users) if hubs else 0
        if hubs and self.index:
            self.progress("Indexing hubs for search…")
            search_index_rebuild(progress=self.progress)
        return DemoResult(
            len(users),
            hubs,
            len(pictures),
            time.monotonic() - started,
            comments=comments,
            follows=follows,
        )

    def create_audience(self, users: list, helpful_per_hub: int = 5) -> int:
        """Every demo person (the admin too) follows a few authors and two channels, with a
        mix of email choices, and finds some hubs helpful: the following feed, the counts
        and the preferences page have something to show."""
        people = [*users, *get_user_model().objects.filter(username=DEMO_ADMIN_USERNAME)]
        writers = [u.pk for u in users]
        channels = list(
            ChannelPage.objects.filter(is_site_channel=False).values_list("pk", flat=True)
        )
        choices = [Email.INSTANT, Email.INSTANT, Email.DAILY, Email.WEEKLY, Email.OFF]
        follows = []
        for person in people:
            others = [pk for pk in writers if pk != person.pk]
            for author_id in self.rng.sample(others, min(len(others), self.rng.randint(2, 5))):
                follows.append(
                    Follow(
                        follower=person,
                        author_id=author_id,
                        email=self.rng.choice(choices),
                        take_email_along=self.rng.random() < 0.4,
                        created_at=self.now - timedelta(days=self.rng.randint(1, 300)),
                    )
                )
            for channel_id in self.rng.sample(channels, min(len(channels), 2)):
                follows.append(
                    Follow(
                        follower=person,
                        channel_id=channel_id,
                        email=Email.WEEKLY,
                        created_at=self.now - timedelta(days=self.rng.randint(1, 300)),
                    )
                )
        Follow.objects.bulk_create(follows, batch_size=BATCH, ignore_conflicts=True)
        reactions = []
        hubs = ArticlePage.objects.filter(live=True).values_list("pk", "owner_id")
        for hub_id, owner_id in hubs.iterator():
            readers = [u for u in people if u.pk != owner_id]
            for reader in self.rng.sample(
                readers, min(len(readers), self.rng.randint(0, helpful_per_hub))
            ):
                reactions.append(Reaction(hub_id=hub_id, user=reader))
            if len(reactions) >= BATCH:
                Reaction.objects.bulk_create(reactions, ignore_conflicts=True)
                reactions = []
        Reaction.objects.bulk_create(reactions, ignore_conflicts=True)
        names = dict(AuthorProfile.objects.values_list("user_id", "display_name"))
        Notification.objects.bulk_create(
            [
                Notification(
                    user_id=f.author_id,
                    kind=Notification.Kind.FOLLOWER,
                    key=f"follower:{f.follower.pk}",
                    text=f"{names.get(f.follower.pk, 'A reader')} now follows you.",
                    url="/following/followers/",
                    created_at=f.created_at,
                )
                for f in follows
                if f.author_id
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        self.create_newsletters(users[:3])
        self.progress(f"  follows: {len(follows)}")
        return len(follows)

    def create_newsletters(self, authors: list) -> None:
        """A past newsletter from a few authors, listed on their profiles (sent before the
        demo began: nothing is emailed)."""
        for n, author in enumerate(authors):
            hub = ArticlePage.objects.filter(owner=author, live=True).order_by("-pk").first()
            newsletter = Newsletter.objects.create(
                author=author,
                subject=corpus.NEWSLETTER_SUBJECTS[n % len(corpus.NEWSLETTER_SUBJECTS)],
                note=corpus.NEWSLETTER_NOTES[n % len(corpus.NEWSLETTER_NOTES)],
                hub=hub,
                created_at=self.now - timedelta(days=3 + 9 * n),
                gathered=True,
            )
            readers = Follow.objects.filter(author=author, newsletter=True)
            NewsletterDelivery.objects.bulk_create(
                NewsletterDelivery(
                    newsletter=newsletter, recipient_id=reader, sent_at=newsletter.created_at
                )
                for reader in readers.values_list("follower_id", flat=True)
            )

    def create_comments(self, users: list, per_hub: int = 6) -> int:
        """Published comments from the demo's people on every hub, with authors' replies."""
        hubs = ArticlePage.objects.filter(live=True).values_list(
            "pk", "owner_id", "first_published_at"
        )
        rows: list[Comment] = []
        total = 0
        for n, (hub_id, owner_id, published) in enumerate(hubs.iterator()):
            readers = [u for u in users if u.pk != owner_id]
            if not readers:
                continue
            for _ in range(self.rng.randint(0, per_hub)):
                age = (self.now - published).total_seconds()
                at = published + timedelta(seconds=self.rng.uniform(0, age))
                text = self.rng.choice(corpus.COMMENTS)
                rows.append(self._comment(hub_id, self.rng.choice(readers), text, at))
                if owner_id and self.rng.random() < 0.35:
                    reply_at = min(self.now, at + timedelta(hours=self.rng.randint(1, 72)))
                    reply = self._comment(
                        hub_id, owner_id, self.rng.choice(corpus.AUTHOR_REPLIES), reply_at
                    )
                    reply.parent = rows[-1]
                    rows.append(reply)
            if len(rows) >= 2000:
                total += self._save_comments(rows)
                rows = []
                self.progress(f"  comments: {total} ({n + 1} hubs)")
        total += self._save_comments(rows)
        self.progress(f"  comments: {total}")
        return total

    def _comment(self, hub_id: int, user, text: str, at) -> Comment:
        user_id = user if isinstance(user, int) else user.pk
        return Comment(
            hub_id=hub_id,
            user_id=user_id,
            text=text,
            text_hash=fingerprint(text),
            status=Comment.Status.PUBLISHED,
            created_at=at,
        )

    @staticmethod
    def _save_comments(rows: list[Comment]) -> int:
        # Parents first, so that replies can point at their saved ids.
        with transaction.atomic():
            parents = Comment.objects.bulk_create([c for c in rows if c.parent is None])
            replies = [c for c in rows if c.parent is not None]
            for reply in replies:
                reply.parent_id = reply.parent.pk
            Comment.objects.bulk_create(replies)
        return len(parents) + len(replies)


def _insert_article_rows(pages: list[Page], details: list[dict]) -> None:
    """Insert the ArticlePage table rows for pages just created in wagtailcore_page.

    Django's bulk_create does not handle multi-table inheritance, so the child rows are
    written with one executemany, each value prepared by its own model field."""
    fields = ArticlePage._meta.local_concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(ArticlePage._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    rows = []
    for page, detail in zip(pages, details, strict=True):
        article = ArticlePage(page_ptr_id=page.pk, **detail)
        rows.append([f.get_db_prep_save(getattr(article, f.attname), connection) for f in fields])
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _paras(paragraphs: list[str]) -> str:
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)


def _title_case(text: str) -> str:
    small = {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}
    words = text.split()
    # Small words stay lower case even first: the topic sits mid-title ("Guide to the …");
    # the caller capitalises the title's own first letter.
    return " ".join(w if w in small else w[:1].upper() + w[1:] for w in words)
