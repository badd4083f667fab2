"""What a finished editors' review does (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

Imported while Wagtail's models load, so this module imports nothing at the top.
"""


def publish_reviewed(workflow_state, user=None) -> None:
    """Publish the latest revision. The approval is the permission check: an approving
    editor, or a trusted author under the site setting, need not hold Wagtail's page
    "publish" permission."""
    workflow_state.content_object.get_latest_revision().publish(
        user=user, skip_permission_checks=True
    )
