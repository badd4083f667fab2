"""Every error a person reads shares one base, with its message and the field it is about."""

import pytest

from quire.articles.charts import ChartDataError
from quire.articles.embeds import EmbedError
from quire.audience.services import AudienceError
from quire.comments.services import CommentError
from quire.consent.services import ConsentError
from quire.core.errors import UserError
from quire.core.images import ImageRefused
from quire.earnings.services import EarningsError
from quire.editorial.services import EditorialError
from quire.imports.archive import ArchiveError
from quire.imports.fetch import FetchRefused
from quire.imports.services import ImportFileError
from quire.site.sitedump import DumpError
from quire.stats.selectors import PeriodError

READ_BY_PEOPLE = [
    AudienceError,
    ChartDataError,
    CommentError,
    ConsentError,
    DumpError,
    EarningsError,
    EditorialError,
    EmbedError,
    FetchRefused,
    ImageRefused,
    ImportFileError,
    ArchiveError,
    PeriodError,
]


@pytest.mark.parametrize("error", READ_BY_PEOPLE, ids=lambda e: e.__name__)
def test_an_error_a_person_reads_is_a_user_error_with_its_message(error):
    raised = error("Say what went wrong, plainly.")
    assert isinstance(raised, UserError)
    assert raised.message == str(raised) == "Say what went wrong, plainly."
    assert raised.field is None


def test_a_user_error_names_the_field_it_is_about():
    assert CommentError("Too long.", field="text").field == "text"


def test_every_user_error_in_quire_is_listed_here():
    """A new error class that people read joins the list (and so the base)."""

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    assert {e for e in subclasses(UserError) if e.__module__.startswith("quire.")} == set(
        READ_BY_PEOPLE
    )
