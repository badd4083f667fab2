import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from quire.authors.models import AVATAR_SIZE, AuthorProfile
from tests.factories import UserFactory, make_hub, png_bytes


@pytest.mark.django_db
def test_every_account_gets_a_profile_with_a_unique_slug():
    a = UserFactory(first_name="Lucia", last_name="Rossi")
    b = UserFactory(first_name="Lucia", last_name="Rossi")
    assert a.author_profile.display_name == "Lucia Rossi"
    assert a.author_profile.slug == "lucia-rossi"
    assert b.author_profile.slug == "lucia-rossi-2"


@pytest.mark.django_db
def test_profile_lists_only_that_authors_published_hubs_newest_first(client, channel):
    author, other = UserFactory(), UserFactory()
    make_hub(channel, author, title="First hub")
    make_hub(channel, author, title="Second hub")
    make_hub(channel, author, title="Hidden draft", publish=False)
    make_hub(channel, other, title="Someone else's hub")
    profile = author.author_profile
    profile.bio = "Bread, <em>mostly</em>."
    profile.location = "Cork, Ireland"
    profile.about = "Line one.\n\nLine <two>."
    profile.save()
    response = client.get(profile.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "First hub" in html and "Second hub" in html
    assert html.index("Second hub") < html.index("First hub")
    assert "Hidden draft" not in html and "Someone else" not in html
    assert "Bread, &lt;em&gt;mostly&lt;/em&gt;." in html
    assert "From Cork, Ireland" in html
    assert "<p>Line one.</p>" in html and "Line &lt;two&gt;." in html
    assert f"<h1>{profile.display_name}</h1>" in html
    assert "2 hubs" in html


@pytest.mark.django_db
def test_profile_paginates(client, channel):
    author = UserFactory()
    for i in range(21):
        make_hub(channel, author, title=f"Entry {i:02d}")
    url = author.author_profile.get_absolute_url()
    assert client.get(url).content.decode().count('class="hub-card"') == 20
    page_two = client.get(url + "?page=2").content.decode()
    assert page_two.count('class="hub-card"') == 1 and "Entry 00" in page_two


@pytest.mark.django_db
def test_unknown_profile_is_a_styled_404(client):
    response = client.get("/authors/nobody-here/")
    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()


@pytest.mark.django_db
def test_author_without_hubs_says_so(client):
    author = UserFactory()
    assert (
        "hasn’t published a hub yet"
        in client.get(author.author_profile.get_absolute_url()).content.decode()
    )


@pytest.mark.django_db
def test_uploaded_avatar_is_cropped_square_and_resized():
    profile = UserFactory().author_profile
    profile.avatar = SimpleUploadedFile("me.png", png_bytes(900, 500), content_type="image/png")
    profile.save()
    profile.refresh_from_db()
    with Image.open(profile.avatar.path) as stored:
        assert stored.size == (AVATAR_SIZE, AVATAR_SIZE)
        assert stored.format == "JPEG"


@pytest.mark.django_db
def test_avatar_shown_when_uploaded_else_initials(client, channel):
    author = UserFactory(first_name="Élodie", last_name="van Dijk")
    profile = author.author_profile
    assert profile.initials == "ÉD"
    html = client.get(profile.get_absolute_url()).content.decode()
    assert ">ÉD</text>" in html
    profile.avatar = SimpleUploadedFile("me.png", png_bytes(), content_type="image/png")
    profile.save()
    html = client.get(profile.get_absolute_url()).content.decode()
    assert (
        f'src="{profile.avatar.url}"' in html
        and "</text>" not in html.split("profile-header")[1].split("</header>")[0]
    )


def test_initials_for_odd_names():
    assert AuthorProfile(display_name="", slug="x").initials == "?"
    assert AuthorProfile(display_name="madonna", slug="x").initials == "M"
    assert AuthorProfile(display_name="  --  ", slug="x").initials == "?"


def test_initials_colour_is_stable_per_slug():
    one = AuthorProfile(display_name="A", slug="same").initials_colour
    assert one == AuthorProfile(display_name="B", slug="same").initials_colour


@pytest.mark.django_db
def test_non_image_upload_is_rejected_by_the_form():
    class AvatarForm(forms.ModelForm):
        class Meta:
            model = AuthorProfile
            fields = ["avatar"]

    form = AvatarForm(
        data={},
        files={"avatar": SimpleUploadedFile("me.png", b"not an image", content_type="image/png")},
        instance=UserFactory().author_profile,
    )
    assert not form.is_valid()
    assert "avatar" in form.errors
