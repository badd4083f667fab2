"""Accounts against an attacker: neither sign-up nor a password reset tells whether an
address has an account, and the sign-in lockout (allauth's rate limits) is counted once
for every worker, not once per worker's memory cache."""

import re
import uuid

import pytest
from allauth.account.models import EmailAddress
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client
from django.urls import reverse

from quire.accounts import limits
from quire.core.models import RateCounter
from quire.site import adapter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase"
WRONG = "The email address and/or password you specified are not correct."
LOCKED = "Too many failed login attempts. Try again later."


@pytest.fixture
def member(db):
    user = UserFactory(email="member@example.org")
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def workers(monkeypatch):
    """Two worker processes, each with its own memory cache (the default cache without
    CACHE_URL): ``workers(n)`` sends the next request to worker n."""
    caches = [LocMemCache(f"worker-{uuid.uuid4()}", {}) for _ in range(2)]

    def to(n: int) -> None:
        monkeypatch.setattr(allauth_ratelimit, "cache", caches[n])

    return to


def sign_in(client, password: str, email: str = "member@example.org"):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_allauth_counts_on_the_shared_limiter():
    # Wired once at start-up (quire/accounts/apps.py); the rest of this file shows why.
    assert allauth_ratelimit._consume_single_rate is limits._consume_single_rate
    assert allauth_ratelimit.clear is limits._clear


def test_five_failed_sign_ins_lock_the_account_whichever_worker_answers(member, workers):
    client = Client()
    answers = []
    for n in range(8):
        workers(n % 2)
        html = sign_in(client, f"guess number {n}").content.decode()
        answers.append("locked" if LOCKED in html else "wrong" if WRONG in html else "?")
    assert answers == ["wrong"] * 5 + ["locked"] * 3
    # Locked means locked: the right password is not even checked.
    workers(0)
    assert LOCKED in sign_in(client, PASSWORD).content.decode()
    assert RateCounter.objects.filter(key__startswith="allauth.login_failed/").exists()


def test_a_successful_sign_in_takes_its_try_back(member, workers):
    for n in range(4):
        workers(n % 2)
        assert WRONG in sign_in(Client(), "wrong").content.decode()
    assert sign_in(Client(), PASSWORD).status_code == 302
    assert WRONG in sign_in(Client(), "wrong").content.decode()  # the fifth failure
    assert LOCKED in sign_in(Client(), "wrong").content.decode()


def test_setting_a_new_password_lifts_the_lockout(client, member):
    for _ in range(6):
        sign_in(Client(), "wrong")
    assert LOCKED in sign_in(Client(), PASSWORD).content.decode()
    client.post(reverse("account_reset_password"), {"email": member.email})
    link = re.search(
        r"https?://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body
    )
    form = client.get(link.group(1), follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"password1": "new and longer words", "password2": "new and longer words"},
    )
    assert sign_in(Client(), "new and longer words").status_code == 302


def test_two_factor_codes_are_limited_for_every_worker_together(member, workers):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(member, generate_totp_secret())
    client = Client()
    assert sign_in(client, PASSWORD)["Location"] == reverse("mfa_authenticate")
    refused = 0
    for n in range(8):
        workers(n % 2)
        html = client.post(reverse("mfa_authenticate"), {"code": "000000"}).content.decode()
        refused += LOCKED in html
    assert refused == 3


# Enumeration: the same answer for an address with an account and one without.


def _page(response) -> str:
    """A page's text without the parts that change on every request."""
    html = response.content.decode()
    return re.sub(r'(value|content)="[^"]{32,}"', "", html)


def test_a_password_reset_answers_the_same_for_known_and_unknown_addresses(member):
    known = Client().post(reverse("account_reset_password"), {"email": "member@example.org"})
    unknown = Client().post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("account_reset_password_done")
    assert "not assigned to any user account" not in _page(unknown)
    # Each address gets a message: the link to a new password, or "no account here".
    to_known, to_unknown = mail.outbox
    assert to_known.to == ["member@example.org"] and "/password/reset/key/" in to_known.body
    assert to_unknown.to == ["nobody@example.org"] and "/password/reset/key/" not in to_unknown.body
    done = Client().get(reverse("account_reset_password_done")).content.decode()
    assert "If an account uses that address" in done


def _sign_up(email: str):
    return Client().post(
        reverse("account_signup"),
        {"email": email, "password1": PASSWORD, "password2": PASSWORD, "display_name": "Someone"},
    )


def test_signing_up_with_a_taken_address_looks_like_any_sign_up(member):
    taken = _sign_up("Member@Example.org")
    new = _sign_up("newcomer@example.org")
    assert taken.status_code == new.status_code == 302
    assert taken["Location"] == new["Location"]
    assert get_user_model().objects.filter(email__iexact="member@example.org").count() == 1
    # The address's owner is told, in their inbox, where nobody else can read it.
    to_owner, to_newcomer = mail.outbox
    assert to_owner.to == ["member@example.org"]
    assert "already exists" in to_owner.body and "/password/reset/" in to_owner.body
    assert "/confirm-email/" in to_newcomer.body
    sent = Client().get(taken["Location"]).content.decode()
    assert "If the address already has an account" in sent


def test_a_taken_address_takes_as_long_as_a_new_one(member, monkeypatch):
    hashed = []
    real = adapter.make_password
    monkeypatch.setattr(adapter, "make_password", lambda p: hashed.append(p) or real(p))
    _sign_up("member@example.org")
    assert len(hashed) == 1  # the password hash a new account would cost
