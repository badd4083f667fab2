"""Moving a whole site between machines or databases: one .tar.gz with the database as
Django fixtures (every row with its own primary key, content types and permissions
included, so every reference lands on the same row) and every media file.
``manage.py quire_dump`` writes it; ``manage.py quire_load`` reads it into a migrated
database of either kind (SQLite or PostgreSQL), replacing what was there.

Left out because the target rebuilds them or they are short-lived: sessions, the search
index, Wagtail's reference index, background-task results, the statistics buffer and the
day's visitor hashes.
"""

from __future__ import annotations

import io
import json
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from quire.core.errors import UserError
from quire.pagecache import bump
from quire.pagecache import tags as tag

FORMAT = 1
EXCLUDE = [
    "sessions",
    "admin.logentry",
    "wagtailsearch",
    "wagtailcore.referenceindex",
    "django_tasks_database",
    "stats.hit",
    "stats.seen",
    "stats.dailysalt",
    "quire_core.ratecounter",
    "stats.rolledbatch",
]
# A dump unpacks to at most this much, whatever its headers claim (zip-bomb guard).
MAX_UNPACKED = 50 * 1024**3


class DumpError(UserError):
    """A dump file that cannot be loaded; the message says why."""


def site_dump(out_path: Path, progress: Callable[[str], None] = print) -> dict:
    media_root = Path(settings.MEDIA_ROOT)
    with (
        tempfile.NamedTemporaryFile("w+", suffix=".json", encoding="utf-8") as types,
        tempfile.NamedTemporaryFile("w+", suffix=".json", encoding="utf-8") as data,
    ):
        progress("Writing the database…")
        # Content types and permissions first, in a file of their own: they must be in
        # place, with their keys, before anything that refers to them is loaded.
        call_command("dumpdata", "contenttypes", "auth.permission", output=types.name, verbosity=0)
        call_command(
            "dumpdata",
            exclude=[*EXCLUDE, "contenttypes", "auth.permission"],
            output=data.name,
            verbosity=0,
        )
        objects = sum(1 for _ in json.load(open(data.name, encoding="utf-8")))  # noqa: SIM115
        files = [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
            "objects": objects,
            "media_files": len(files),
        }
        with tarfile.open(out_path, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            archive.add(types.name, arcname="types.json")
            archive.add(data.name, arcname="data.json")
            progress(f"  {objects:,} objects")
            for n, path in enumerate(files, start=1):
                archive.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}")
                if n % 500 == 0 or n == len(files):
                    progress(f"  media files: {n:,}/{len(files):,}")
    return manifest


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(content))


def _safe_member(member: tarfile.TarInfo) -> str | None:
    """The member's path under media/, or None; anything odd is refused outright."""
    name = PurePosixPath(member.name)
    if name.is_absolute() or ".." in name.parts:
        raise DumpError(f"Refusing “{member.name}”: a path outside the dump.")
    if not (member.isfile() or member.isdir()):
        raise DumpError(f"Refusing “{member.name}”: links and devices are not allowed.")
    if name.parts[:1] == ("media",) and member.isfile():
        return "/".join(name.parts[1:])
    return None


def site_load(in_path: Path, progress: Callable[[str], None] = print) -> dict:
    """Replace this (migrated) database's content and media with a dump's."""
    from django.contrib.contenttypes.models import ContentType

    media_root = Path(settings.MEDIA_ROOT)
    try:
        archive = tarfile.open(in_path, "r:gz")  # noqa: SIM115 (closed by the with below)
    except (tarfile.TarError, OSError) as error:
        raise DumpError(f"Not a Quire dump: {error}") from None
    with archive, tempfile.TemporaryDirectory() as work:
        members = archive.getmembers()
        if sum(m.size for m in members) > MAX_UNPACKED:
            raise DumpError("The dump would unpack to more than 50 GB; refusing it.")
        names = {m.name: m for m in members}
        if not {"manifest.json", "types.json", "data.json"} <= set(names):
            raise DumpError("Not a Quire dump: manifest.json, types.json or data.json is missing.")
        manifest = json.load(archive.extractfile(names["manifest.json"]))
        if manifest.get("format") != FORMAT:
            raise DumpError(f"Unknown dump format {manifest.get('format')!r}.")
        media = [(m, _safe_member(m)) for m in members]
        types_path, data_path = Path(work) / "types.json", Path(work) / "data.json"
        types_path.write_bytes(archive.extractfile(names["types.json"]).read())
        data_path.write_bytes(archive.extractfile(names["data.json"]).read())
        progress("Emptying this database…")
        # Without post-migrate: content types and permissions come from the dump, with the
        # primary keys everything else refers to.
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        progress(f"Loading {manifest.get('objects', 0):,} objects…")
        call_command("loaddata", str(types_path), verbosity=0)
        ContentType.objects.clear_cache()
        call_command("loaddata", str(data_path), verbosity=0)
        count = 0
        for member, relative in media:
            if relative is None:
                continue
            target = media_root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, open(target, "wb") as out:
                while chunk := source.read(1 << 20):
                    out.write(chunk)
            count += 1
            if count % 500 == 0:
                progress(f"  media files: {count:,}")
        progress(f"  media files: {count:,}")
    progress("Rebuilding Wagtail's reference index…")
    call_command("rebuild_references_index", verbosity=0)
    progress("Rebuilding the search index…")
    call_command("quire_search_rebuild", verbosity=0)
    # Loaded rows send no signals: every page a running server keeps is now stale.
    bump(tag.LAYOUT)
    return manifest
