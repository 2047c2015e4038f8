from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    region_code = forms.CharField(label=_("Region code"), max_length=20)
    label = forms.CharField(label=_("Name of the node"), max_length=120, required=False)


class BundleUploadForm(forms.Form):
    bundle = forms.FileField(label=_("Bundle file"))


class ResolveForm(forms.Form):
    keep = forms.ChoiceField(
        choices=[("winning", _("Keep the current value")), ("losing", _("Restore the other value"))]
    )
