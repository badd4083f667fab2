"""Comment text: cleaning, counting as readers see it, and rendering as safe HTML.

The live counter in ``static/comments/comments.js`` mirrors :func:`clean`,
:func:`too_large` and :func:`char_count` exactly: line endings become "\\n", control
characters go, and every user-perceived character (a grapheme cluster: an emoji with its
modifiers, a letter with its accents) counts once, or once for every
:data:`CODE_POINTS_PER_CHAR` code points it holds (a letter under a tower of 300 marks is
not one character's worth of text).
"""

import hashlib
import re
from urllib.parse import urlsplit

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# wcwidth's segmenter (UAX #29 extended grapheme clusters) is linear in the text's length;
# regex's \X takes quadratic time on a run of regional indicators (flag letters).
from wcwidth import iter_graphemes

# C0 and C1 control characters except tab and newline, DEL, and the bidirectional
# overrides and isolates that can make text display in a different order than it reads.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"'`]+")
TRAILING_PUNCTUATION = ".,;:!?*'\"”’»"

# The longest character people write is about 10 code points (a kiss between two people
# with skin tones; an Indic conjunct); a cluster longer than this counts as several.
CODE_POINTS_PER_CHAR = 16
# The largest such character is 35 bytes of UTF-8, the longest flag 28.
BYTES_PER_CHAR = 48


def too_large(raw: str, limit: int) -> bool:
    """Whether ``raw``, as it came (browsers send line breaks as "\\r\\n"), is too large to
    be within ``limit`` characters, judged by its size alone so that nothing larger is ever
    counted. No text within the limit is this large: no character counts for more than
    ``CODE_POINTS_PER_CHAR`` code points, nor needs ``BYTES_PER_CHAR`` bytes."""
    if len(raw) > limit * CODE_POINTS_PER_CHAR:
        return True
    # Code points within the cap are at most 4 bytes each: encode only when it can matter.
    if len(raw) * 4 <= limit * BYTES_PER_CHAR:
        return False
    return len(raw.encode("utf-8", "surrogatepass")) > limit * BYTES_PER_CHAR


def clean(text: str) -> str:
    """Normalise line endings and strip control characters (what the counter counts)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL_CHARS.sub("", text)


def char_count(text: str) -> int:
    """Characters as the reader sees them: one per grapheme cluster, or one for every
    ``CODE_POINTS_PER_CHAR`` code points of a longer one. Linear in the text's length."""
    per = CODE_POINTS_PER_CHAR
    return sum(1 if len(g) <= per else -(-len(g) // per) for g in iter_graphemes(text))


def measure(raw: str, limit: int) -> int | None:
    """The characters ``raw`` will have once cleaned, or None when it is too large to be
    within ``limit`` (then it is not counted at all)."""
    if too_large(raw, limit):
        return None
    return char_count(clean(raw))


def fingerprint(text: str) -> str:
    """The same words in any case or spacing give the same fingerprint."""
    normal = " ".join(text.casefold().split())
    return hashlib.sha256(normal.encode()).hexdigest()


def _trim_url(url: str) -> str:
    url = url.rstrip(TRAILING_PUNCTUATION)
    # A closing bracket belongs to the URL only if the URL opened one.
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1].rstrip(TRAILING_PUNCTUATION)
    return url


def find_urls(text: str) -> list[str]:
    return [_trim_url(m.group()) for m in URL.finditer(text)]


def url_domain(url: str) -> str:
    if not url.lower().startswith(("http://", "https://")):
        url = "http://" + url
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


def _linkify(line: str) -> str:
    out, pos = [], 0
    for match in URL.finditer(line):
        url = _trim_url(match.group())
        start, end = match.start(), match.start() + len(url)
        out.append(escape(line[pos:start]))
        href = url if url.lower().startswith(("http://", "https://")) else "https://" + url
        out.append(
            f'<a href="{escape(href)}" rel="nofollow ugc noopener" target="_blank">'
            f"{escape(url)}</a>"
        )
        pos = end
    out.append(escape(line[pos:]))
    return "".join(out)


def render(text: str) -> SafeString:
    """Plain text to HTML: paragraphs at blank lines, line breaks kept, URLs as links.

    Everything the writer typed is escaped; no HTML of theirs is ever rendered.
    """
    paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", text) if p.strip()]
    html = "".join(
        "<p>" + "<br>".join(_linkify(line) for line in p.split("\n")) + "</p>" for p in paragraphs
    )
    return mark_safe(html)  # noqa: S308 - every piece of user text above is escaped
