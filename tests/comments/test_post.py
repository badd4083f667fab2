import pytest
from django.test import Client, override_settings

from quire.comments.models import Comment, CommentPreferences
from tests.comments.conftest import form_data

pytestmark = pytest.mark.django_db


def test_a_signed_out_reader_is_asked_to_sign_in_and_comes_back(client, hub):
    html = client.get(hub.url).content.decode()
    assert "Sign in</a> or <a" in html and "sign up</a> to comment." in html
    assert f'href="/accounts/login/?next={hub.url.replace("/", "%2F")}"' in html
    assert f'href="/accounts/signup/?next={hub.url.replace("/", "%2F")}"' in html
    assert 'name="text"' not in html  # no form, no CSRF token in the shared page
    response = client.post(f"/comments/hub/{hub.pk}/", form_data("Hello"))
    assert response.status_code == 400
    assert "Sign in or sign up to comment." in response.content.decode()
    assert not Comment.objects.exists()


def test_signed_in_reader_sees_the_box_and_counter(client, hub, reader):
    client.force_login(reader)
    html = client.get(hub.url).content.decode()
    assert 'name="text"' in html and "Post Comment" in html
    assert "<span data-used>0</span> of 8192 characters used" in html
    assert "comments.js" in html


def test_posting_publishes_and_redirects_to_the_comment(post_comment, client, hub, reader):
    response = post_comment(hub, "Lovely crumb on that loaf.", reader)
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url == f"{hub.url}#comment-{comment.pk}"
    assert comment.status == Comment.Status.PUBLISHED and comment.user == reader
    page = Client().get(hub.url).content.decode()
    assert "Lovely crumb on that loaf." in page
    assert '<span class="comment-total">1</span>' in page


def test_too_long_is_refused_and_the_text_stays_in_the_form(post_comment, hub, reader):
    text = "ü" * 8193
    response = post_comment(hub, text, reader)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Comments are limited to 8192 characters (yours has 8193)." in html
    assert f">{text}</textarea>" in html
    assert "<span data-used>8193</span> of 8192" in html
    assert not Comment.objects.exists()


def test_exactly_8192_with_crlf_is_accepted(post_comment, hub, reader):
    text = "ü" * 4096 + "\r\n" * 4096
    assert post_comment(hub, text, reader).status_code == 302
    assert Comment.objects.get().text == ("ü" * 4096 + "\n" * 4096).strip()


def test_empty_comment_is_refused_with_a_message(post_comment, hub, reader):
    response = post_comment(hub, "  \r\n ", reader)
    assert response.status_code == 400
    assert "Your comment is empty" in response.content.decode()


def test_csrf_protection_is_on(hub, reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    response = client.post(f"/comments/hub/{hub.pk}/", form_data("Sneaky"))
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_closed_comments_give_a_clear_error_and_keep_the_text(post_comment, hub, reader):
    hub.comments_open = False
    hub.save_revision().publish()
    response = post_comment(hub, "Can I still say this?", reader)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Comments are closed on this hub." in html
    assert not Comment.objects.exists()


def test_an_unpublished_hub_cannot_take_comments(post_comment, hub, reader):
    hub.unpublish()
    response = post_comment(hub, "Words I typed", reader)
    html = response.content.decode()
    assert response.status_code == 404
    assert "not published" in html and "Words I typed</textarea>" in html
    assert not Comment.objects.exists()


def test_a_missing_hub_is_a_404(post_comment, reader):
    assert post_comment(type("H", (), {"pk": 999999})(), "x", reader).status_code == 404


def test_replying_to_a_deleted_comment_is_refused(post_comment, hub, reader, author):
    post_comment(hub, "First thought", reader)
    parent = Comment.objects.get()
    parent.deleted_at = parent.created_at
    parent.save()
    response = post_comment(hub, "My reply", author, parent=parent.pk)
    assert response.status_code == 400
    assert "has been removed" in response.content.decode()
    assert "My reply</textarea>" in response.content.decode()


def test_replies_are_one_level_deep(post_comment, hub, reader, author):
    post_comment(hub, "Top", reader)
    top = Comment.objects.get()
    post_comment(hub, "Author answers", author, parent=top.pk)
    answer = Comment.objects.get(text="Author answers")
    post_comment(hub, "Reader answers back", reader, parent=answer.pk)
    back = Comment.objects.get(text="Reader answers back")
    assert answer.parent_id == top.pk and back.parent_id == top.pk


def test_a_reply_link_prefills_the_parent(client, post_comment, hub, reader):
    post_comment(hub, "Top", reader)
    top = Comment.objects.get()
    html = client.get(f"{hub.url}?reply_to={top.pk}").content.decode()
    assert f'name="parent" value="{top.pk}"' in html and "Replying to" in html


def test_author_approval_holds_comments_which_their_writer_still_sees(
    post_comment, client, hub, reader, author
):
    CommentPreferences.objects.create(user=author, hold_for_approval=True)
    post_comment(hub, "Please approve me", reader)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert {"layer": "approval", "action": "hold"}.items() <= comment.spam_reasons[0].items()
    mine = client.get(hub.url).content.decode()
    assert "Please approve me" in mine and "Awaiting approval" in mine
    assert "Please approve me" not in Client().get(hub.url).content.decode()


def test_the_hubs_author_is_never_held_on_their_own_hub(post_comment, hub, author):
    CommentPreferences.objects.create(user=author, hold_for_approval=True)
    post_comment(hub, "Author here, thanks all", author)
    assert Comment.objects.get().status == Comment.Status.PUBLISHED


@override_settings(QUIRE_COMMENTS_ALLOW_GUESTS=True)
def test_guests_comment_with_name_and_email_which_is_never_shown(client, hub):
    html = client.get(hub.url).content.decode()
    assert 'name="guest_name"' in html and 'name="guest_email"' in html
    response = client.post(
        f"/comments/hub/{hub.pk}/",
        form_data("From a passer-by", guest_name="Passer By", guest_email="pb@example.org"),
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.user is None and comment.guest_name == "Passer By"
    for viewer in (client, Client()):
        page = viewer.get(hub.url).content.decode()
        if comment.is_published:
            assert "Passer By" in page
        assert "pb@example.org" not in page


@override_settings(QUIRE_COMMENTS_ALLOW_GUESTS=True)
def test_guests_must_give_name_and_email(client, hub):
    response = client.post(f"/comments/hub/{hub.pk}/", form_data("Anonymous words"))
    assert response.status_code == 400
    assert "Anonymous words</textarea>" in response.content.decode()
    assert not Comment.objects.exists()


def test_hostile_text_name_and_location_are_escaped(post_comment, client, hub, reader):
    profile = reader.author_profile
    profile.display_name = "<img src=x onerror=alert(1)>"
    profile.location = "<script>alert('loc')</script>"
    profile.save()
    post_comment(hub, "<script>alert('comment')</script>", reader)
    html = Client().get(hub.url).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#x27;comment&#x27;)&lt;/script&gt;" in html
    assert "from &lt;script&gt;alert(&#x27;loc&#x27;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
