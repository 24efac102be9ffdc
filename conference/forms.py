import re
import zoneinfo

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from conference import dates
from conference.models import User

_IDENTIFYING = re.compile(r"@|\d{6,}|https?://", re.IGNORECASE)


def clean_pseudonym(value: str) -> str:
    value = " ".join(value.split())
    if len(value) < 2:
        raise forms.ValidationError(_("Please choose a name of at least two characters."))
    if _IDENTIFYING.search(value):
        raise forms.ValidationError(
            _(
                "For your safety, a pseudonym may not contain an e-mail address, "
                "a telephone number or a web address."
            )
        )
    return value


class SignupForm(forms.Form):
    """Extra sign-up fields for allauth: the pseudonym others will see."""

    pseudonym = forms.CharField(
        label=_("Pseudonym"),
        max_length=40,
        help_text=_(
            "The only name other people will see. Choose one that does not identify "
            "you or the relative you are looking for."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    time_zone = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = ["email", "pseudonym", "password1", "password2"]

    def clean_pseudonym(self):
        return clean_pseudonym(self.cleaned_data["pseudonym"])

    def clean_time_zone(self):
        value = self.cleaned_data.get("time_zone", "")
        return value if value in zoneinfo.available_timezones() else ""

    def signup(self, request, user):
        user.pseudonym = self.cleaned_data["pseudonym"]
        user.time_zone = self.cleaned_data.get("time_zone") or ""
        language = get_language()
        if language in dict(settings.LANGUAGES):
            user.language = language
        user.save(update_fields=["pseudonym", "time_zone", "language"])


class ProfileForm(forms.ModelForm):
    """A person's pseudonym, language and time zone. Zones are chosen by country and
    city in the person's language, the hubs' zones first; the browser's zone is
    suggested."""

    time_zone = forms.ChoiceField(label=_("Time zone"), required=False)

    class Meta:
        model = User
        fields = ["pseudonym", "language", "time_zone"]

    def __init__(self, *args, hub_zones=(), browser_zone: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["time_zone"]
        if browser_zone:
            device = _("As my device says (now: %(place)s)") % {
                "place": dates.zone_place(browser_zone)
            }
            field.help_text = _("Your device is set to %(place)s.") % {
                "place": dates.zone_place(browser_zone)
            }
        else:
            device = _("As my device says")
        field.choices = [("", device), *dates.zone_choices(list(hub_zones))]
        if self.instance.time_zone and not self.is_bound:
            self.initial["time_zone"] = dates.canonical_zone(self.instance.time_zone)

    def clean_pseudonym(self):
        return clean_pseudonym(self.cleaned_data["pseudonym"])
