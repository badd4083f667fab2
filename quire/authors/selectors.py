from django.contrib.auth.models import AbstractBaseUser
from django.utils.text import slugify

from .models import AuthorProfile


def unique_author_slug(name: str, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:70] or "author"
    slug, n = base, 1
    taken = AuthorProfile.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def profile_for(user: AbstractBaseUser | None) -> AuthorProfile | None:
    if user is None:
        return None
    try:
        return user.author_profile
    except AuthorProfile.DoesNotExist:
        return None
