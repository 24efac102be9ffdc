from django import forms
from django.utils.translation import gettext_lazy as _

from conference import content
from conference.languages import WORKING_LANGUAGE_CHOICES, WORKING_LANGUAGES
from conference.translated_forms import TranslatedFieldsMixin
from hubs.models import (
    MESSAGE_BODY_MAX,
    MESSAGE_SUBJECT_MAX,
    Hub,
    RegistrantMessage,
    Registration,
    Room,
)

NO_INTERPRETATION = [("", _("No interpretation needed"))]


class PartyFields(forms.Form):
    mode = forms.ChoiceField(
        label=_("How will you take part?"),
        choices=Registration.Mode.choices,
        widget=forms.RadioSelect,
    )
    adults = forms.IntegerField(
        label=_("Adults"), min_value=1, max_value=Registration.MAX_PARTY, initial=1
    )
    children = forms.IntegerField(
        label=_("Children"),
        min_value=0,
        max_value=Registration.MAX_PARTY,
        initial=0,
        help_text=_("Under 18, coming with you."),
    )

    def __init__(self, *args, hub: Hub, **kwargs):
        super().__init__(*args, **kwargs)
        modes = []
        if hub.in_person_capacity > 0:
            modes.append(
                (Registration.Mode.IN_PERSON, _("In person, at %(venue)s") % {"venue": hub.city})
            )
        if hub.online_open:
            modes.append((Registration.Mode.ONLINE, Registration.Mode.ONLINE.label))
        self.fields["mode"].choices = modes
        if len(modes) == 1:
            self.fields["mode"].initial = modes[0][0]


class RegistrationForm(PartyFields):
    interpretation_language = forms.ChoiceField(
        label=_("Interpretation"),
        required=False,
        help_text=_("If you need the sessions interpreted into your language."),
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only if you wish, for example step-free access or a hearing loop. "
            "Seen only by the hub's organisers."
        ),
    )
    consent = forms.BooleanField(
        label=_("I have read what is kept and why, and I agree."),
        error_messages={
            "required": _("Please read how we keep your information and tick the box to agree.")
        },
    )

    def __init__(self, *args, hub: Hub, **kwargs):
        super().__init__(*args, hub=hub, **kwargs)
        # The hub's own languages first, then the others.
        first = [
            (code, WORKING_LANGUAGES[code]) for code in hub.languages if code in WORKING_LANGUAGES
        ]
        rest = [choice for choice in WORKING_LANGUAGE_CHOICES if choice[0] not in hub.languages]
        self.fields["interpretation_language"].choices = NO_INTERPRETATION + first + rest


class ChangeRegistrationForm(PartyFields):
    pass


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Ticket code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class HubSettingsForm(TranslatedFieldsMixin, forms.ModelForm):
    """A hub's settings; its name, city, venue and access in its languages side by side."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=WORKING_LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Hub
        fields = [
            "languages",
            "contact_email",
            "contact_phone",
            "in_person_capacity",
            "online_open",
            "online_capacity",
            "opens_at",
            "closes_at",
        ]
        widgets = {
            "opens_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "contact_phone": forms.TextInput(attrs={"dir": "ltr", "autocomplete": "tel"}),
        }

    def __init__(self, *args, instance: Hub, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        self.add_translations(
            model=Hub,
            fields=("name", "city", "venue", "accessibility"),
            languages=content.interface_languages(instance.languages),
            instance=instance,
            required=("name", "city"),
        )

    def clean(self):
        data = super().clean()
        self.clean_translations()
        return data

    def hub_fields(self) -> dict:
        """What `hubs.services.hub_update` changes."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {**data, **self.translated_values()}


class RoomForm(TranslatedFieldsMixin, forms.ModelForm):
    """A room: its name in the hub's languages, its capacity."""

    class Meta:
        model = Room
        fields = ["capacity"]

    def __init__(self, *args, instance: Room, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        self.add_translations(
            model=Room,
            fields=("name",),
            languages=content.interface_languages(instance.hub.languages),
            instance=instance if instance.pk else None,
            required=("name",),
        )

    def clean(self):
        from hubs.services import room_name_taken

        data = super().clean()
        self.clean_translations()
        (group,) = self.translated_groups
        for name, column in zip(group.names, group.columns, strict=True):
            text = " ".join((self.cleaned_data.get(name) or "").split())
            if text and room_name_taken(
                hub=self.instance.hub, column=column, name=text, exclude_pk=self.instance.pk
            ):
                self.add_error(
                    name, _("This hub already has a room called “%(name)s”.") % {"name": text}
                )
        return data

    def names(self) -> dict[str, str | None]:
        """The room's name by column (name_en, name_fa…)."""
        return self.translated_values()


class GrantRoleForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person"),
        help_text=_("They must already have an account."),
    )
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, roles: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles


class DashboardSearchForm(forms.Form):
    q = forms.CharField(label=_("Pseudonym or ticket code"), required=False, max_length=60)


ANY = [("", _("All"))]


class RegistrationFilterForm(forms.Form):
    """The organisers' list of registrations: plain GET parameters."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=ANY + Registration.Status.choices
    )
    mode = forms.ChoiceField(
        label=_("How they take part"), required=False, choices=ANY + Registration.Mode.choices
    )
    arrived = forms.ChoiceField(
        label=_("Arrived"),
        required=False,
        choices=[*ANY, ("yes", _("Arrived")), ("no", _("Not arrived yet"))],
    )
    q = forms.CharField(label=_("Pseudonym or ticket code"), required=False, max_length=60)

    def filters(self) -> dict:
        """The valid filters as keyword arguments of dashboard.registrations()."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "status": data["status"],
            "mode": data["mode"],
            "arrived": data["arrived"],
            "query": data["q"],
        }


class _Text(forms.CharField):
    """Text as people typed it, with the browser's line ends made plain, so the length
    counted is the length kept; no invisible control characters."""

    def to_python(self, value):
        value = super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")
        return "".join(ch for ch in value if ch == "\n" or ch == "\t" or ord(ch) >= 32)


class RegistrantMessageForm(forms.Form):
    group = forms.ChoiceField(
        label=_("Who is it for?"),
        choices=RegistrantMessage.Group.choices,
        widget=forms.RadioSelect,
    )
    subject = _Text(
        label=_("Subject"),
        max_length=MESSAGE_SUBJECT_MAX,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("One line. Families see the hub's name in front of it."),
    )
    body = _Text(
        label=_("Message"),
        max_length=MESSAGE_BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 10, "dir": "auto"}),
        help_text=_(
            "Plain text, as you want families to read it. Each family receives it with a "
            "greeting and a note saying who it is from, in their own language. Please write "
            "nothing about any one family."
        ),
    )

    def clean_subject(self):
        subject = self.cleaned_data["subject"]
        if "\n" in subject or "\t" in subject:
            raise forms.ValidationError(_("Please write the subject on one line."))
        return subject


class ExportForm(forms.Form):
    """What an organiser's CSV export is for: it decides the columns."""

    purpose = forms.ChoiceField(
        label=_("What do you need the list for?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Please say what you need the list for.")},
    )

    def __init__(self, *args, **kwargs):
        from hubs.dashboard import export_purpose_choices

        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = export_purpose_choices()
