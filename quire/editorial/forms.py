from django import forms
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import Panel


class BecomeAuthorForm(forms.Form):
    accept = forms.BooleanField(
        label="I have read the author terms and accept them",
        required=True,
        error_messages={"required": "Tick the box to accept the author terms."},
    )


# -- The hub editor --------------------------------------------------------------------------

SUBMIT_ACTIONS = ("action-submit", "action-restart-workflow")


class HubAdminForm(WagtailAdminPageForm):
    """The hub editor's form: a submission for review must pass the pre-checks.

    Saving a draft never does: authors save unfinished work all the time.
    """

    def clean(self):
        cleaned = super().clean()
        if any(self.data.get(action) for action in SUBMIT_ACTIONS) and not self.errors:
            from .prechecks import problems

            candidate = self._candidate(cleaned)
            for problem in problems(candidate):
                self.add_error(None, f"Not submitted: {problem}")
        return cleaned

    def _candidate(self, cleaned):
        """The hub as it would be with this form's values (the instance is left alone)."""
        from copy import copy

        hub = copy(self.instance)
        for name in ("title", "summary", "lead_image", "lead_image_alt", "body"):
            if name in cleaned:
                setattr(hub, name, cleaned[name])
        return hub


class PrecheckPanel(Panel):
    """The pre-check results, at the top of the hub editor (latest saved version)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "editorial/panels/prechecks.html"

        def is_shown(self) -> bool:
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            from .prechecks import run_prechecks

            context = super().get_context_data(parent_context)
            results = run_prechecks(self.instance)
            context["results"] = results
            context["all_passed"] = all(result.passed for result in results)
            return context
