"""The fuzz walk: every URL pattern the site has, asked by every kind of visitor with hostile paths,
query strings and bodies: nothing may answer with a server error.

The patterns come from the root resolver (recursing into every include), so a new view
is walked as soon as it is routed. Each pattern is filled once with ids of real objects
(tests/security/conftest.py builds one of everything) and once with hostile ids, then
asked with hostile query parameters (and the names of the fields its own page shows)
and hostile POST bodies. Every request runs in a savepoint that is rolled back, so a
delete or a sign-out in one request does not change what the next one sees.

A failing case prints each 5xx with the request that caused it and its traceback.
Deterministic: the hostile values each request gets follow from SEED and the case.
"""

from __future__ import annotations

import copy
import random
import re
import traceback
import zlib
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils.regex_helper import normalize

from tests.security.conftest import ROLES

SEED = 19

# ---------------------------------------------------------------------------------------
# Hostile values

MANY_DIGITS = "9" * 5000
HOSTILE = [
    "²",  # str.isdigit() says yes, int() says no
    MANY_DIGITS,  # int() refuses more than 4,300 digits
    "99999999999999999999999",  # beyond a 64-bit integer column
    "-1",
    "0",
    "1e400",  # float("1e400") is inf
    "nan",
    "a\x00b",  # PostgreSQL refuses NUL in text
    "x\r\nSet-Cookie: fuzz=1",
    "ü" * 3000,  # long and not ASCII
    "\u202e\ufeff😀e\u0301\u0301\u0301",
    "٣",  # an Arabic-Indic three: int() accepts it
    " 1 ",
    "1.5",
    "2024-02-30",
    "0000-00-00",
    "-999999999-01-01",
    "[]",
    '{"a": 1}',
    "%00%0d%0a",
    "../../../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "",
]
# Query keys the views read (a grep of request.GET/POST in quire/ and Wagtail's listings),
# beside those a page's own forms and links name.
COMMON_KEYS = [
    "page", "p", "comments", "days", "hub", "q", "from", "to", "format", "status",
    "flagged", "writer", "author", "channel", "sort", "ordering", "tab", "reply_to",
    "next", "id", "s", "t", "r", "k", "per_page", "year", "month", "action",
    "content_type", "owner", "locale", "collection_id", "tag", "ids", "category",
]  # fmt: skip
MAX_KEYS = 60
HUGE_FIELD = 48 * 1024  # a long field, bounded so the walk stays quick
FIELD_NAME = re.compile(
    rb"<(?:input|select|textarea|button)\b[^>]*?\bname=\"([^\"<>]{1,80})\"", re.IGNORECASE
)
LINK_KEYS = re.compile(rb"[?&;]([A-Za-z_][\w\-]{0,40})=")
SKIPPED_FIELDS = {"csrfmiddlewaretoken"}

# Hostile path values, by converter (or by the regex group they must match).
HOSTILE_PATH = {
    "int": "99999999999999999999999",
    "id": "99999999999999999999999",
    "str": "ü\x00" + "z" * 300,
    "slug": "z" * 400,
    "path": "..\x00/../ü",
    "uuid": "ffffffff-ffff-ffff-ffff-ffffffffffff",
    None: "9" * 23,
}

# ---------------------------------------------------------------------------------------
# The patterns


@dataclass(frozen=True)
class Leaf:
    """One URL pattern, as the chain of patterns that leads to it from the root."""

    chain: tuple

    @property
    def pattern(self) -> URLPattern:
        return self.chain[-1]

    @property
    def route(self) -> str:
        return "".join(str(p.pattern) for p in self.chain)

    @property
    def match_route(self) -> str:
        """The route as ResolverMatch.route joins it (each inner "^" dropped)."""
        route = ""
        for pattern in self.chain:
            text = str(pattern.pattern)
            route = route + text.removeprefix("^") if route else text
        return route

    @property
    def is_admin(self) -> bool:
        return self.route.startswith(("admin/", "django-admin/"))


def _leaves(resolver: URLResolver, chain: tuple = ()) -> list[Leaf]:
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            found += _leaves(pattern, (*chain, pattern))
        else:
            found.append(Leaf((*chain, pattern)))
    return found


LEAVES = _leaves(get_resolver())


def _shadowed(leaves: list[Leaf]) -> dict[str, str]:
    """Patterns that an earlier pattern with the same route hides: never reached. Routes
    are compared without their converters (Quire's ``<id:…>`` in front of Wagtail's
    ``<int:…>`` for the same view takes its place)."""
    seen, hidden = set(), {}
    for leaf in leaves:
        route = ROUTE_PARAM.sub(lambda m: f"<{m['name']}>", leaf.match_route)
        if route in seen:
            hidden[leaf.route] = "an earlier pattern with the same route answers instead"
        seen.add(route)
    return hidden


ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
SHADOWED = _shadowed(LEAVES)

# Patterns that cannot be asked meaningfully, each with why. Nothing else is skipped.
SKIP = {
    "admin/failwhale/": "Wagtail's deliberate error view, there to test the 500 page",
}
# Patterns that the middleware answers before URL routing; walked like the others.
EXTRA_PATHS = {"stats/hit": "/stats/hit"}

# ---------------------------------------------------------------------------------------
# Filling patterns with ids

# Regexes whose shortest match says nothing (the admin's catch-all would be "admin//").
REGEX_SAMPLES = {r"^.*/$": "no/such/page/"}
CHOICE_GROUP = r"\(\?P<{}>([^()]*)\)"


def _model_of(callback) -> Any:
    initkwargs = getattr(callback, "view_initkwargs", None) or {}
    view_class = getattr(callback, "view_class", None)
    model = initkwargs.get("model") or getattr(view_class, "model", None)
    if model is None and getattr(callback, "model_admin", None) is not None:
        model = callback.model_admin.model
    if isinstance(model, str):
        from django.apps import apps

        model = apps.get_model(model)
    return model if isinstance(model, type) else None


def _instance_of(model, world):
    """The world's object of that model, or any saved one."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.models import Page

    if model is None:
        return None
    if issubclass(model, Page):
        return world["hub"]
    if issubclass(model, get_user_model()):
        return world.users["author"]
    if issubclass(model, Group):
        return Group.objects.get(name="Authors")
    for value in world.objects.values():
        if isinstance(value, model):
            return value
    return model._default_manager.order_by("pk").first()


NAMED = {
    # Pages: the author's own published hub; a listing's parent is its channel.
    "page_id": "hub",
    "page_pk": "hub",
    "page_to_move_id": "hub",
    "hub_id": "hub",
    "parent_page_id": "channel",
    "destination_id": "channel",
    "comment_id": "comment",
    "image_id": "image",
    "document_id": "document",
    "doc_id": "document",
    "revision_id": "revision",
    "task_state_id": "task_state",
    "task_id": "task",
    "workflow_state_id": "workflow_state",
    "workflow_pk": "workflow",
    "collection_id": "collection",
    "redirect_id": "redirect",
    "uploaded_file_id": "uploaded_file",
    "page_view_restriction_id": "restriction",
    "block_id": "block_id",
    "session_id": "editing_session",
}
# pk in Quire's own views, by the route it appears in.
PK_BY_ROUTE = [
    ("admin/comments/", "comment"),
    ("admin/earnings/revenue/", "revenue"),
    ("admin/earnings/payouts/payout/", "payout"),
    ("admin/earnings/payouts/", "payout_run"),
    ("admin/imports/", "import_job"),
    ("admin/editorial/hubs/", "hub"),
    ("accounts/settings/data/", "data_export"),
    ("ads/frame/", "ad_slot"),
    ("admin/api/main/^pages/", "hub"),
    ("admin/api/main/^images/", "image"),
    ("admin/api/main/^documents/", "document"),
    ("admin/collections/", "collection"),
    ("admin/snippets/authors/authorprofile/", "author_profile"),
]
LITERAL = {
    "revision_id_a": "earliest",
    "revision_id_b": "latest",
    "filter_spec": "fill-100x100",
    "uidb64": "MQ",
    "token": "set-password",
    "uidb36": "1",
    "key": "fuzz-key",
    "id": "1",
}


def _str(value) -> str:
    if hasattr(value, "pk"):
        return str(value.pk)
    return str(value)


def _valid_choices(leaf: Leaf, name: str, world) -> list[str]:
    """Real values for a path parameter: a list when the pattern stands for several
    things (settings models, bulk actions, sitemap sections, reader pages)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry
    from wagtail.contrib.settings.registry import registry as settings_registry

    from quire.feeds.sitemaps import SITEMAPS

    route, callback = leaf.route, leaf.pattern.callback
    name_of_view = leaf.pattern.name or ""
    if name_of_view == "wagtail_serve":
        hub, protected = world["hub"], world["protected"]
        channel = world["channel"]
        return [
            "",
            f"{channel.slug}/",
            f"{channel.slug}/{hub.slug}/",
            f"{channel.slug}/{protected.slug}/",
            f"{channel.slug}/{world['draft'].slug}/",
            "nowhere/at/all/",
        ]
    if name_of_view == "wagtaildocs_serve":
        return [str(world["document"].pk)] if name == "_0" else [world["document"].filename]
    if route.startswith("admin/bulk/"):
        bulk_action_registry._scan_for_bulk_actions()
        triples = [
            (app, model, action)
            for app, models in sorted(bulk_action_registry.actions.items())
            for model, actions in sorted(models.items())
            for action in sorted(actions)
        ]
        index = {"app_label": 0, "model_name": 1, "action": 2}[name]
        return [t[index] for t in triples]
    if route.startswith("admin/settings/") and name in ("app_name", "model_name"):
        models = sorted(settings_registry, key=lambda m: m._meta.label)
        attr = "app_label" if name == "app_name" else "model_name"
        return [getattr(m._meta, attr) for m in models]
    if name == "section":
        return sorted(SITEMAPS)
    if name in ("content_type_app_name", "app_name", "app_label"):
        if route.startswith("admin/workflows/tasks/add/"):
            return ["wagtailcore"]
        if route.startswith("admin/tag-autocomplete/"):
            return ["wagtailimages"]
        if route.startswith("admin/editing-sessions/"):
            return ["wagtailcore"]
        found = re.search(CHOICE_GROUP.format(name), str(leaf.pattern.pattern))
        return [found.group(1).split("|")[0]] if found else ["articles"]
    if name in ("content_type_model_name", "model_name"):
        if route.startswith("admin/workflows/tasks/add/"):
            return ["groupapprovaltask"]
        if route.startswith("admin/tag-autocomplete/"):
            return ["image"]
        if route.startswith("admin/editing-sessions/"):
            return ["page"]
        return ["articlepage"]
    if name == "action_name":
        return ["approve"] if "workflow" in route else ["move"]
    if name == "slug":
        if route.startswith("feeds/channels/"):
            return [world["channel"].slug]
        return [world.users["author"].author_profile.slug]
    if name == "content_type_id":
        return [str(ContentType.objects.get_for_model(world["hub"].specific_class).pk)]
    if name == "object_id" and route.startswith("admin/editing-sessions/"):
        return [str(world["hub"].pk)]
    if name in NAMED:
        return [_str(world[NAMED[name]])]
    if name in ("pk", "object_id"):
        for prefix, key in PK_BY_ROUTE:
            if route.startswith(prefix):
                return [_str(world[key])]
        instance = _instance_of(_model_of(callback), world)
        if instance is not None:
            return [str(instance.pk)]
        return ["1"]
    if name in LITERAL:
        return [LITERAL[name]]
    if name in ("_0", "_1"):
        return ["nope"]
    return ["1"]


def _pieces(pattern) -> tuple[str, list[tuple[str, str | None]]]:
    """A %-format template of one pattern and its parameters (name, converter)."""
    from django.urls.resolvers import RoutePattern

    if isinstance(pattern.pattern, RoutePattern):
        route = str(pattern.pattern)
        params = [(m["name"], m["converter"] or "str") for m in ROUTE_PARAM.finditer(route)]
        template = ROUTE_PARAM.sub(lambda m: f"%({m['name']})s", route.replace("%", "%%"))
        return template, params
    regex = pattern.pattern.regex.pattern
    if regex in REGEX_SAMPLES:
        return REGEX_SAMPLES[regex], []
    template, names = normalize(regex)[0]
    return template, [(name, None) for name in names]


def fills(leaf: Leaf, world, *, hostile: bool = False) -> list[str]:
    """Paths that resolve to this pattern: real ids (every choice, bounded), or hostile
    ids where the pattern accepts them (a real one where it does not)."""
    parts = [_pieces(p) for p in leaf.chain]
    params = [param for _, ps in parts for param in ps]
    choices = {name: _valid_choices(leaf, name, world) for name, _ in params}
    count = max((len(v) for v in choices.values()), default=1)
    paths = []
    for index in range(count):
        values = {name: options[index % len(options)] for name, options in choices.items()}
        if hostile:
            for name, converter in params:
                candidate = {**values, name: HOSTILE_PATH.get(converter, HOSTILE_PATH[None])}
                if _resolves_to(leaf, _join(parts, candidate)):
                    values = candidate
        path = _join(parts, values)
        if _resolves_to(leaf, path) and path not in paths:
            paths.append(path)
        if hostile:
            break
    return paths


def _join(parts, values) -> str:
    return "/" + "".join(template % values for template, _ in parts)


def _resolves_to(leaf: Leaf, path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.func is leaf.pattern.callback and match.route == leaf.match_route


# ---------------------------------------------------------------------------------------
# Requests


@dataclass
class Problem:
    method: str
    path: str
    detail: str
    status: int | None
    data: Any

    def __str__(self) -> str:
        data = repr(self.data)
        if len(data) > 300:
            data = data[:300] + "…"
        return f"{self.method} {self.path[:200]!r} → {self.status}\n  data: {data}\n{self.detail}"


def _trace(exc_info) -> str:
    """The exception, the project's frames it passed through, and where it was raised."""
    summary = traceback.extract_tb(exc_info[2])
    ours = [f for f in summary if "/quire/" in f.filename and "site-packages" not in f.filename]
    frames = [*ours[-3:], *[f for f in summary[-2:] if f not in ours]]
    lines = [f"    {f.filename}:{f.lineno} in {f.name}: {f.line}" for f in frames]
    lines.append(f"    {exc_info[0].__name__}: {str(exc_info[1])[:300]}")
    return "\n".join(lines)


def ask(client, method: str, path: str, data=None, problems=None, **extra):
    """One request in a savepoint that is rolled back; the client's cookies are put back
    (a sign-out or a new session in one request must not change the next)."""
    cookies = client.cookies
    client.cookies = copy.copy(cookies)
    response = None
    try:
        with transaction.atomic():
            response = getattr(client, method)(path, data, **extra)
            transaction.set_rollback(True)
    except Exception as error:  # the error handler itself failed
        problems.append(
            Problem(
                method.upper(), path, _trace((type(error), error, error.__traceback__)), None, data
            )
        )
    finally:
        client.cookies = cookies
    if response is not None and response.status_code >= 500:
        exc_info = getattr(response, "exc_info", None)
        detail = _trace(exc_info) if exc_info else "    (no exception: the view answered 5xx)"
        problems.append(Problem(method.upper(), path, detail, response.status_code, data))
    return response


def discovered_fields(response) -> tuple[list[str], list[str]]:
    """The field names a page's forms use, and those that are file inputs."""
    if response is None or response.status_code != 200:
        return [], []
    if "html" not in response.get("Content-Type", ""):
        return [], []
    body = response.content[:400_000]
    names, files = [], []
    for match in FIELD_NAME.finditer(body):
        name = match.group(1).decode(errors="replace")
        if name not in names and name not in SKIPPED_FIELDS:
            names.append(name)
            if b'type="file"' in match.group(0).lower():
                files.append(name)
    for match in LINK_KEYS.finditer(body):
        name = match.group(1).decode()
        if name not in names:
            names.append(name)
    return names[:MAX_KEYS], files


def hostile_data(keys: list[str], variant: int, *, repeat: bool = False) -> dict:
    """Each key gets a different hostile value; over len(HOSTILE) variants every key
    meets every value (a Latin square)."""
    data = {}
    for index, key in enumerate(keys):
        value = HOSTILE[(variant + index * 7) % len(HOSTILE)]
        data[key] = ["1", value] if repeat else value
    return data


def junk_file(name: str, rng: random.Random) -> SimpleUploadedFile:
    head = rng.choice([b"\x89PNG\r\n\x1a\n", b"PK\x03\x04", b"<?xml ", b"{", b"GIF89a", b""])
    return SimpleUploadedFile(f"{name}.png", head + rng.randbytes(256))


def _case_rng(role: str, route: str) -> random.Random:
    return random.Random(zlib.crc32(f"{SEED}:{role}:{route}".encode()))


def _gated(response) -> bool:
    """Whether the view sent the visitor away before reading what they sent: refused,
    not found, or off to sign in (another redirect may be the view's work, e.g. /go/)."""
    if response is None:
        return True
    if response.status_code in (401, 403, 404, 405):
        return True
    return response.status_code in (301, 302, 303, 307, 308) and "login" in response.get(
        "Location", ""
    )


def _thorough(leaf: Leaf | None) -> bool:
    """Quire's own views and the reader's pages get every kind of request; the admin
    views of Wagtail, Django and allauth fewer (there are 300 of them)."""
    return (
        leaf is None or not leaf.is_admin or leaf.pattern.callback.__module__.startswith("quire.")
    )


def _variants(leaf: Leaf | None) -> int:
    """How many hostile query strings a case sends: over the roles that ask a thorough
    case, every key meets every value."""
    if leaf is None or leaf.pattern.callback.__module__.startswith("quire."):
        return 8
    return 6 if not leaf.is_admin else 1


def _editor_sees(world, path: str) -> bool:
    """Whether the editor's case already walks this page in depth: then the superuser's
    only checks that it answers them too (and goes deep where only they may enter)."""
    probe: list[Problem] = []
    return not _gated(ask(world.clients["editor"], "get", path, problems=probe))


def walk(world, role: str, leaf: Leaf | None, path_override: str | None = None) -> list[Problem]:
    client = world.clients[role]
    rng = _case_rng(role, leaf.route if leaf else path_override)
    problems: list[Problem] = []
    paths = [path_override] if path_override else fills(leaf, world)
    assert paths, f"no real path resolves to {leaf.route}: teach _valid_choices its ids"
    variants, thorough = _variants(leaf), _thorough(leaf)
    light = role == "superuser" and _editor_sees(world, paths[0])
    if light:
        variants = 1
    # Over the roles, the cases' query strings start where the previous role's ended.
    offset = ROLES.index(role) * variants
    for number, path in enumerate(paths):
        first = number == 0
        baseline = ask(client, "get", path, problems=problems)
        names, files = discovered_fields(baseline)
        keys = list(dict.fromkeys([*names, *COMMON_KEYS]))[:MAX_KEYS]
        gated = _gated(baseline)
        count = 1 if gated or not first else variants
        for variant in range(count):
            ask(client, "get", path, hostile_data(keys, offset + variant), problems=problems)
        if first and thorough and not gated:
            ask(client, "get", path, hostile_data(keys, offset, repeat=True), problems=problems)
        empty = ask(client, "post", path, {}, problems=problems)
        if not first or _gated(empty) or (light and not gated):
            continue
        fields = names or COMMON_KEYS
        body = hostile_data(fields, offset + rng.randrange(len(HOSTILE)))
        for name in files:
            body[name] = junk_file(name, rng)
        ask(client, "post", path, body, problems=problems)
        if thorough and not light:
            huge = {name: "e" * HUGE_FIELD for name in fields[:8]}
            ask(client, "post", path, huge, problems=problems)
            junk = rng.randbytes(512)
            ask(client, "post", path, junk, problems=problems, content_type="application/json")
    if leaf is not None:
        for path in fills(leaf, world, hostile=True):
            if path not in paths:
                ask(client, "get", path, problems=problems)
                if thorough:
                    ask(client, "post", path, {}, problems=problems)
    return problems


# ---------------------------------------------------------------------------------------
# The cases

# Server errors the walk found, each waiting for its fix (see issue 19): the case id and
# the item. Remove an entry when the fix lands (strict: the case fails once it passes).
KNOWN: dict[str, str] = {}


def _roles_for(leaf: Leaf) -> tuple[str, ...]:
    # The superuser is only of interest where it sees more: the author center and Django's
    # own admin.
    return ROLES if leaf.is_admin else tuple(r for r in ROLES if r != "superuser")


def cases(admin: bool, roles: tuple[str, ...]):
    """pytest params for the walk: the reader side's patterns or the editor's, asked by
    ``roles`` (the editor's by the superuser too, where it sees more)."""
    for leaf in LEAVES:
        if leaf.is_admin != admin:
            continue
        if leaf.route in SKIP or leaf.route in SHADOWED:
            continue
        for role in (r for r in _roles_for(leaf) if r in roles):
            case_id = f"{role}:{leaf.route}"
            marks = []
            if case_id in KNOWN:
                marks.append(pytest.mark.xfail(strict=True, reason=KNOWN[case_id]))
            yield pytest.param(role, leaf, id=case_id, marks=marks)


def report(problems: list[Problem]) -> str:
    shown = "\n\n".join(str(p) for p in problems[:5])
    more = f"\n\n… and {len(problems) - 5} more" if len(problems) > 5 else ""
    return f"{len(problems)} server error(s):\n\n{shown}{more}"
