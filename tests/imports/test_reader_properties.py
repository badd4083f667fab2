"""Properties of each importer's reader (WordPress, Ghost, Medium, saved pages): whatever
file it is given, whole, cut short or with bytes changed, it yields items or refuses the
file with a message (``ImportFileError``), never another error that would leave an import
job half done."""

import json
import zipfile
from io import BytesIO

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quire.imports.pages import read_medium, read_saved_pages
from quire.imports.services import ImportFileError, read_ghost, read_wxr
from tests.imports.test_ghost import EXPORT as GHOST_EXPORT
from tests.imports.test_saved_pages import MEDIUM_POST, SAVED_HUB, zip_of
from tests.imports.test_wxr import HOSTILE as WXR_EXPORT

CHECKS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read(reader, data: bytes) -> None:
    try:
        items = list(reader(data))
    except ImportFileError as refusal:
        assert str(refusal)
    else:
        for item in items:
            assert isinstance(item.title, str)


@st.composite
def damaged(draw, original: bytes) -> bytes:
    """``original`` cut short, or with some bytes replaced, inserted or removed."""
    data = bytearray(original)
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        if not data:
            break
        at = draw(st.integers(min_value=0, max_value=len(data) - 1))
        kind = draw(st.sampled_from(["replace", "insert", "delete", "cut"]))
        if kind == "replace":
            data[at] = draw(st.integers(min_value=0, max_value=255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[at]
        else:
            del data[at:]
    return bytes(data)


GHOST_BYTES = json.dumps(GHOST_EXPORT).encode()
SAVED_ZIP = zip_of({"bread.html": SAVED_HUB.encode()})
MEDIUM_ZIP = zip_of({"posts/2024-01-01_night-trains.html": MEDIUM_POST.encode()})
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=30,
)


@CHECKS
@given(st.one_of(st.binary(max_size=600), damaged(WXR_EXPORT)))
def test_the_wordpress_reader_reads_or_refuses(data):
    _read(read_wxr, data)


@CHECKS
@given(st.one_of(st.binary(max_size=600), damaged(GHOST_BYTES)))
def test_the_ghost_reader_reads_or_refuses_any_bytes(data):
    _read(read_ghost, data)


@CHECKS
@given(JSON)
def test_the_ghost_reader_reads_or_refuses_any_json(document):
    _read(read_ghost, json.dumps(document).encode())


@CHECKS
@given(JSON)
def test_the_ghost_reader_reads_or_refuses_any_json_in_the_posts(posts):
    wrapped = {"db": [{"data": {"posts": posts, "tags": posts, "posts_tags": posts}}]}
    _read(read_ghost, json.dumps(wrapped).encode())


@CHECKS
@given(st.one_of(st.binary(max_size=600), damaged(SAVED_ZIP), damaged(SAVED_HUB.encode())))
def test_the_saved_page_reader_reads_or_refuses(data):
    _read(read_saved_pages, data)


@CHECKS
@given(st.one_of(st.binary(max_size=600), damaged(MEDIUM_ZIP)))
def test_the_medium_reader_reads_or_refuses(data):
    _read(read_medium, data)


@CHECKS
@given(st.text(max_size=400))
def test_a_saved_page_of_any_text_in_a_zip_reads_or_refuses(html):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("page.html", html)
    _read(read_saved_pages, buffer.getvalue())
