"""Forms parse input only; the rules live in rembuk.people.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rembuk.core.lists import CHOICES_OFFERED
from rembuk.people.models import Agency, Role
from rembuk.people.selectors import agencies_for_manager, agencies_of_region


class TelInput(forms.TextInput):
    input_type = "tel"


class LoginForm(AuthenticationForm):
    """Django's login form with hints for phone keyboards, and a plainer error message (Django's
    own Indonesian one repeats the field name)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The username or password is not right. Check both (capital letters count) and try "
            "again."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"autocapitalize": "none", "autocorrect": "off", "spellcheck": "false"}
        )


# Django's own Indonesian texts say "sandi" (and "anda", "bidang sandi", "numerik"); Rembuk
# says "kata sandi" everywhere else, so the labels, the hints under the fields and the mismatch
# message are Rembuk's own. The hints name what settings.AUTH_PASSWORD_VALIDATORS check.
OLD_PASSWORD_LABEL = _("Current password")
NEW_PASSWORD_LABEL = _("New password (at least 8 characters)")
REPEAT_PASSWORD_LABEL = _("Type the new password again")
NEW_PASSWORD_HELP = _(
    "Not too close to your name or username, not a common password such as 12345678, "
    "and not digits only."
)
REPEAT_PASSWORD_HELP = _("The same new password once more, to catch a typing mistake.")
PASSWORD_MISMATCH = _("The two new passwords are not the same. Type the same one in both fields.")


def _rembuk_password_texts(form: SetPasswordForm | PasswordChangeForm) -> None:
    form.error_messages = {**form.error_messages, "password_mismatch": PASSWORD_MISMATCH}
    form.fields["new_password1"].label = NEW_PASSWORD_LABEL
    form.fields["new_password1"].help_text = NEW_PASSWORD_HELP
    form.fields["new_password2"].label = REPEAT_PASSWORD_LABEL
    form.fields["new_password2"].help_text = REPEAT_PASSWORD_HELP


class PasswordForm(PasswordChangeForm):
    """Validation only: the view calls services.user_password_change to save."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = OLD_PASSWORD_LABEL
        _rembuk_password_texts(self)


class FirstPasswordForm(SetPasswordForm):
    """Right after logging in with a temporary password: the old one is not asked again."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _rembuk_password_texts(self)


def agency_label(agency: Agency) -> str:
    """An agency as the grant forms list it: every kabupaten has its own Distan."""
    return f"{agency.short_name} — {agency.kabupaten.name}"


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return agency_label(obj)


class _GrantFields(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *Role.choices])
    region_code = forms.CharField(
        label=_("Region code"),
        max_length=20,
        help_text=_("Type the code (e.g. 53.18.11.2006) or a name and pick from the list."),
    )
    agency = AgencyChoiceField(
        label=_("Agency (OPD)"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("Only for the role OPD: the agency of that kabupaten."),
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, AgencyChoiceField)
        agencies = agencies_for_manager(actor)
        # A national team manages 2,056 agencies: too many to list. Those of the kabupaten of
        # the code typed are offered, fetched by the list itself when the code changes
        # (people:agency_options), or with the form sent back without JavaScript.
        if agencies[: CHOICES_OFFERED + 1].count() > CHOICES_OFFERED:
            agencies = agencies_of_region(agencies, self._typed_region_code())
            agency_field.help_text = _(
                "Only for the role OPD: type the region code first; the agencies of its "
                "kabupaten are then offered here."
            )
            agency_field.widget.attrs.update(
                {
                    "hx-get": reverse("people:agency_options"),
                    "hx-trigger": f"change from:#{self['region_code'].auto_id}",
                    "hx-include": f"#{self['region_code'].auto_id}",
                    "hx-swap": "innerHTML",
                }
            )
        agency_field.queryset = agencies
        self.fields["region_code"].widget.attrs.update(
            {"autocomplete": "off", "list": "region-options", "inputmode": "search"}
        )

    def _typed_region_code(self) -> str:
        typed = self.data.get(self.add_prefix("region_code")) if self.is_bound else None
        return str(typed or self.initial.get("region_code") or "").strip()


class InviteForm(_GrantFields):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("What the person types to log in: letters, digits and . _ - only."),
    )
    email = forms.EmailField(label=_("Email (optional)"), required=False)
    phone = forms.CharField(
        label=_("Phone / WhatsApp (optional)"), max_length=30, required=False, widget=TelInput
    )

    field_order = ["full_name", "username", "phone", "email", "role", "region_code", "agency"]

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"autocapitalize": "none", "autocorrect": "off", "spellcheck": "false"}
        )


class GrantForm(_GrantFields):
    pass


class UserSearchForm(forms.Form):
    q = forms.CharField(label=_("Search people"), required=False, max_length=100)


class AccessTokenForm(forms.Form):
    """A new API token: what it is for, and how long it lasts (services check the rest)."""

    LIFETIMES = (
        ("30", _("30 days")),
        ("90", _("90 days")),
        ("365", _("1 year")),
        ("", _("Until I revoke it")),
    )

    name = forms.CharField(
        label=_("What is it for?"),
        max_length=100,
        help_text=_("For example “Power Query Bappeda” or “OpenSID Desa Wainyapu”."),
    )
    lifetime = forms.ChoiceField(
        label=_("Valid for"), choices=LIFETIMES, initial="90", required=False
    )

    def lifetime_days(self) -> int | None:
        value = self.cleaned_data.get("lifetime") or ""
        return int(value) if value else None
