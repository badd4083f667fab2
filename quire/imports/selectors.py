"""Reads for imports."""

from __future__ import annotations

from quire.editorial.scoping import scope_images


def images_usable_by(user):
    """The pictures ``user`` may put in a hub: those the editor's image chooser offers
    them. Wagtail's permission policy gives the collections they may choose from (not a
    private one), and Quire narrows that to their own uploads unless they are an editor."""
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(get_image_model())
    return scope_images(policy.instances_user_has_any_permission_for(user, ["choose"]), user)
