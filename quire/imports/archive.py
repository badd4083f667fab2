"""Reading an uploaded zip file without letting it harm the site.

Refused with a clear message: a file that is not a zip, more than ``MAX_MEMBERS`` entries,
more than ``MAX_TOTAL`` bytes once unpacked, an entry packed more than ``MAX_RATIO`` times
(a "zip bomb"), or an entry whose unpacked size lies about itself. Entries whose names try
to leave the archive (``..``, an absolute path, a drive letter) and symbolic links are
never read; they are listed so the report can say so.
"""

from __future__ import annotations

import io
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from quire.core.errors import UserError

MAX_MEMBERS = 20_000
MAX_TOTAL = 1024 * 1024 * 1024
MAX_MEMBER = 100 * 1024 * 1024
MAX_RATIO = 200
ZIP_MAGIC = b"PK\x03\x04"


class ArchiveError(UserError):
    """The whole archive is refused; the message says why."""


@dataclass
class Archive:
    """The safe entries of a zip, by normalised path; read one with :meth:`read`."""

    zip: zipfile.ZipFile
    entries: dict[str, zipfile.ZipInfo]
    refused: list[str] = field(default_factory=list)

    def names(self) -> list[str]:
        return sorted(self.entries)

    def read(self, name: str) -> bytes | None:
        info = self.entries.get(name)
        if info is None:
            return None
        with self.zip.open(info) as handle:
            data = handle.read(info.file_size + 1)
        if len(data) != info.file_size:
            raise ArchiveError(f"“{name}” is not the size the archive says it is.")
        return data


def normalise(name: str) -> str | None:
    """The entry's path inside the archive, or None when it would lead out of it."""
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = [p for p in PurePosixPath(name).parts if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def open_archive(data: bytes) -> Archive:
    if not data.startswith(ZIP_MAGIC):
        raise ArchiveError("This is not a zip file.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ArchiveError(f"The zip file is damaged or cut short ({error}).") from None
    if len(infos) > MAX_MEMBERS:
        raise ArchiveError(f"The zip file has more than {MAX_MEMBERS:,} entries.")
    total = 0
    entries: dict[str, zipfile.ZipInfo] = {}
    refused: list[str] = []
    for info in infos:
        if info.is_dir():
            continue
        if stat.S_ISLNK(info.external_attr >> 16):
            refused.append(f"{info.filename}: a link, not a file")
            continue
        name = normalise(info.filename)
        if name is None:
            refused.append(f"{info.filename}: its path leads out of the archive")
            continue
        if info.file_size > MAX_MEMBER:
            raise ArchiveError(f"“{name}” is larger than {MAX_MEMBER // (1024 * 1024)} MB.")
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ArchiveError(
                f"“{name}” unpacks to {info.file_size:,} bytes from {info.compress_size:,}: "
                "refused as a zip bomb."
            )
        total += info.file_size
        if total > MAX_TOTAL:
            raise ArchiveError("The zip file unpacks to more than 1 GB.")
        entries[name] = info
    return Archive(archive, entries, refused)
