"""Following authors and channels: the buttons on cached pages, the pages they open, the
sign-in round trip, counts and the author's list of followers."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from quire.audience import services
from quire.audience.models import Email, Follow
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def follow_url(user):
    return reverse("audience_follow_author", args=[user.pk])


def test_a_reader_follows_an_author_and_unfollows_with_one_click(client, reader, author):
    client.force_login(reader)
    answer = client.post(follow_url(author), {"action": "follow", "next": "/food/"})
    assert answer.status_code == 302 and answer["Location"] == "/food/"
    follow = Follow.objects.get(follower=reader)
    assert follow.author == author and follow.email == Email.INSTANT
    client.post(follow_url(author), {"action": "unfollow"})
    assert not Follow.objects.filter(follower=reader).exists()


def test_following_twice_keeps_one_follow_and_unfollowing_twice_is_no_error(client, reader, author):
    client.force_login(reader)
    for _ in range(2):
        client.post(follow_url(author), {"action": "follow"})
    assert Follow.objects.filter(follower=reader).count() == 1
    for _ in range(2):
        assert client.post(follow_url(author), {"action": "unfollow"}).status_code == 302
    assert not Follow.objects.exists()


def test_a_channel_follow_defaults_to_a_weekly_digest(client, reader, channel):
    client.force_login(reader)
    client.post(reverse("audience_follow_channel", args=[channel.pk]), {"action": "follow"})
    assert Follow.objects.get(follower=reader).email == Email.WEEKLY


def test_nobody_follows_themselves(reader):
    with pytest.raises(services.AudienceError, match="yourself"):
        services.follow_author(reader, reader.pk)


def test_a_deleted_author_gives_a_clear_message_not_an_error(client, reader, author):
    client.force_login(reader)
    gone = author.pk
    author.delete()
    page = client.get(reverse("audience_follow_author", args=[gone]))
    assert page.status_code == 404
    assert "no longer exists" in page.content.decode()
    answer = client.post(
        reverse("audience_follow_author", args=[gone]),
        {"action": "follow"},
        HTTP_ACCEPT="application/json",
    )
    assert answer.status_code == 404 and "no longer exists" in answer.json()["error"]
    assert not Follow.objects.exists()


def test_an_unknown_action_is_refused_with_a_message(client, reader, author):
    client.force_login(reader)
    answer = client.post(follow_url(author), {"action": "befriend"}, follow=True)
    assert "Choose to follow or to unfollow." in answer.content.decode()
    assert not Follow.objects.exists()


def test_a_visitor_signs_in_and_comes_back_following(client, reader, author, hub):
    EmailAddress.objects.create(user=reader, email=reader.email, verified=True, primary=True)
    # The button on the cached hub opens the follow page, which asks to sign in.
    asked = client.get(follow_url(author), {"next": hub.url})
    assert asked.status_code == 200
    assert "Sign in to follow" in asked.content.decode()
    to_login = client.post(follow_url(author), {"then": "login", "next": hub.url})
    assert to_login.status_code == 302
    assert to_login["Location"].startswith(reverse("account_login"))
    assert "next=" + hub.url.replace("/", "%2F") in to_login["Location"]
    assert not Follow.objects.exists()
    signed_in = client.post(
        to_login["Location"],
        {"login": reader.email, "password": "correct horse battery staple"},
        follow=True,
    )
    assert signed_in.redirect_chain[-1][0] == hub.url
    assert Follow.objects.filter(follower=reader, author=author).exists()
    assert "You now follow Hana Okafor." in signed_in.content.decode()


def test_a_planted_follow_needs_the_visitors_own_post(client, reader, author):
    """A GET (a link or a picture on another site) never records a follow to complete."""
    client.get(follow_url(author), {"then": "login"})
    client.force_login(reader)
    client.get("/")
    assert not Follow.objects.exists()


def test_the_next_address_stays_on_the_site(client, reader, author):
    client.force_login(reader)
    answer = client.post(follow_url(author), {"action": "follow", "next": "https://evil.example/"})
    assert answer["Location"] == author.author_profile.get_absolute_url()


def test_buttons_on_cached_pages_are_the_same_for_everyone(client, reader, author, hub):
    """The hub, the profile and the channel carry the same follow forms for every reader;
    what a signed-in reader follows comes from the state endpoint."""
    anonymous = client.get(hub.url).content.decode()
    assert anonymous.count(f'data-follow="author" data-follow-id="{author.pk}"') == 2
    assert f'data-helpful="{hub.pk}"' in anonymous
    client.force_login(reader)
    services.follow_author(reader, author.pk)
    signed_in = client.get(hub.url).content.decode()
    assert signed_in.count(f'data-follow="author" data-follow-id="{author.pk}"') == 2
    assert 'aria-pressed="true"' not in signed_in
    state = client.get(
        reverse("audience_state"), {"author": [author.pk, 999], "hub": hub.pk}
    ).json()
    assert state["signedIn"] and state["authors"] == [author.pk]
    assert state["counts"] == {str(hub.pk): 0} and state["csrfToken"]


def test_the_state_tells_a_visitor_only_the_counts(client, author, hub, reader):
    services.reaction_toggle(reader, hub.pk)
    state = client.get(reverse("audience_state"), {"author": author.pk, "hub": hub.pk})
    assert state.json() == {"signedIn": False, "counts": {str(hub.pk): 1}}


def test_a_visitors_counts_are_kept_like_a_page_until_a_reaction(client, hub, reader):
    """The counts on a cached page's cards cost a cache hit, and stay exact."""
    url = reverse("audience_state") + f"?hub={hub.pk}&hub=999"
    assert client.get(url)["X-Quire-Cache"] == "miss"
    kept = client.get(url)
    assert kept["X-Quire-Cache"] == "hit" and kept.json()["counts"][str(hub.pk)] == 0
    services.reaction_toggle(reader, hub.pk)
    fresh = client.get(url)
    assert fresh["X-Quire-Cache"] == "miss" and fresh.json()["counts"][str(hub.pk)] == 1
    # What a visitor's script never asks is rendered each time, never kept.
    other = reverse("audience_state") + f"?hub={hub.pk}&author=1"
    client.get(other)
    assert "X-Quire-Cache" not in client.get(other)


def test_the_state_is_bounded(client, reader):
    client.force_login(reader)
    many = [str(n) for n in range(1, 500)] + ["x", "-1", "9" * 30]
    state = client.get(reverse("audience_state"), {"hub": many}).json()
    assert len(state["counts"]) == 60


def test_the_profile_shows_its_follower_count_refreshed_on_each_follow(client, author):
    profile_url = author.author_profile.get_absolute_url()
    assert "0 followers" in client.get(profile_url).content.decode()
    fans = [UserFactory() for _ in range(2)]
    for fan in fans:
        services.follow_author(fan, author.pk)
    # The profile is cached whole: a follow refreshes it.
    assert "2 followers" in client.get(profile_url).content.decode()
    services.unfollow(fans[0], author_id=author.pk)
    assert "1 follower<" in client.get(profile_url).content.decode()


def test_an_author_sees_who_follows_them_and_since_when(client, author):
    fan = UserFactory(first_name="Ines", last_name="Duarte")
    services.follow_author(fan, author.pk)
    client.force_login(author)
    page = client.get(reverse("audience_followers")).content.decode()
    assert "Ines Duarte" in page and "1 reader follows you" in page
    assert fan.email not in page


def test_the_following_pages_need_an_account(client):
    for name in ("audience_feed", "audience_preferences", "audience_followers"):
        answer = client.get(reverse(name))
        assert answer.status_code == 302 and reverse("account_login") in answer["Location"]


def test_a_reader_cannot_follow_more_than_the_bound(reader, author, monkeypatch):
    monkeypatch.setattr(services, "MAX_FOLLOWS", 1)
    other = UserFactory()
    services.follow_author(reader, other.pk)
    with pytest.raises(services.AudienceError, match="as many as one can"):
        services.follow_author(reader, author.pk)


def test_a_visitor_signs_up_confirms_and_finds_the_follow_done(client, author, hub):
    client.post(follow_url(author), {"then": "signup", "next": hub.url})
    signup = client.post(
        reverse("account_signup") + "?next=" + hub.url,
        {
            "email": "new.reader@example.org",
            "password1": "a long and unusual passphrase 81",
            "password2": "a long and unusual passphrase 81",
            "display_name": "Nadia Farouk",
        },
    )
    assert signup.status_code == 302, signup.content.decode()[:2000]
    assert not Follow.objects.exists()  # not until the address is confirmed
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group()
    confirmed = client.post(link.split("testserver", 1)[-1], follow=True)
    assert confirmed.redirect_chain[-1][0] == reverse("account_login")
    signed_in = client.post(
        reverse("account_login"),
        {"login": "new.reader@example.org", "password": "a long and unusual passphrase 81"},
        follow=True,
    )
    follow = Follow.objects.get()
    assert follow.follower.email == "new.reader@example.org" and follow.author == author
    assert signed_in.redirect_chain[-1][0] == hub.url
    assert "You now follow Hana Okafor." in signed_in.content.decode()


def test_preferences_change_each_follow_and_refuse_unknown_values(client, reader, author, channel):
    author_follow = services.follow_author(reader, author.pk)
    channel_follow = services.follow_channel(reader, channel.pk)
    client.force_login(reader)
    page = client.get(reverse("audience_preferences")).content.decode()
    assert "Hana Okafor" in page and "Food" in page
    saved = client.post(
        reverse("audience_preferences"),
        {
            f"f{author_follow.pk}-email": "daily",
            f"f{author_follow.pk}-take_along": "1",
            f"f{channel_follow.pk}-email": "off",
            f"f{channel_follow.pk}-newsletter": "1",
        },
    )
    assert saved.status_code == 302
    author_follow.refresh_from_db()
    channel_follow.refresh_from_db()
    assert (author_follow.email, author_follow.newsletter, author_follow.take_email_along) == (
        "daily",
        False,
        True,
    )
    assert channel_follow.email == "off" and not channel_follow.newsletter
    refused = client.post(reverse("audience_preferences"), {f"f{author_follow.pk}-email": "hourly"})
    assert refused.status_code == 400
    assert "Choose how to be emailed" in refused.content.decode()
    author_follow.refresh_from_db()
    assert author_follow.email == "daily"


def test_preferences_touch_only_the_readers_own_follows(client, reader, author):
    theirs = services.follow_author(UserFactory(), author.pk)
    client.force_login(reader)
    client.post(reverse("audience_preferences"), {f"f{theirs.pk}-email": "off"})
    theirs.refresh_from_db()
    assert theirs.email == "instant"
    with pytest.raises(services.AudienceError):
        services.follow_preferences_set(
            reader, theirs.pk, email="off", newsletter=False, take_email_along=False
        )


def test_all_email_off_keeps_the_follows(client, reader, author, channel):
    services.follow_author(reader, author.pk)
    services.follow_channel(reader, channel.pk)
    client.force_login(reader)
    client.post(reverse("audience_preferences"), {"all_off": "1"})
    assert list(Follow.objects.values_list("email", flat=True)) == ["off", "off"]


def test_following_and_unfollowing_are_rate_limited_per_account(client, reader, author, settings):
    settings.QUIRE_AUDIENCE_CHANGES_PER_HOUR = 3
    client.force_login(reader)
    for action in ("follow", "unfollow", "follow"):
        client.post(follow_url(author), {"action": action})
    answer = client.post(follow_url(author), {"action": "unfollow"}, HTTP_ACCEPT="application/json")
    assert answer.status_code == 400 and "try again later" in answer.json()["error"]
    assert Follow.objects.filter(follower=reader).exists()
