"""Forms of the library and the directory. Filters are plain GET forms (they work
without JavaScript); the writing forms hand clean values to the services."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from conference.languages import WORKING_LANGUAGE_CHOICES
from support.library import uploads
from support.library.models import Resource, SupportService, Topic

ANY = [("", _("Any"))]
_TEXTS = ("name", "description", "hours_note")


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search the library"), max_length=200, required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=ANY + WORKING_LANGUAGE_CHOICES
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ANY + Resource.Kind.choices)
    audience = forms.ChoiceField(
        label=_("For"), required=False, choices=ANY + Resource.Audience.choices
    )

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = ANY + [(topic.slug, topic.name) for topic in topics]
        self.fields["q"].widget.input_type = "search"

    def filter(self, resources):
        """`resources` narrowed by the valid filters; invalid ones are ignored."""
        if not self.is_bound or not self.is_valid():
            return resources
        data = self.cleaned_data
        if data["topic"]:
            resources = resources.filter(topics__slug=data["topic"])
        for name in ("language", "kind", "audience"):
            if data[name]:
                resources = resources.filter(**{name: data[name]})
        return resources

    @property
    def query(self) -> str:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["q"].strip()
        return ""


class DurationField(forms.CharField):
    """Minutes and seconds as "4:05", or whole minutes as "4"."""

    default_error_messages = {
        "invalid": _("Please write the duration as minutes:seconds, for example 4:05."),
    }

    def prepare_value(self, value):
        if isinstance(value, int):
            return f"{value // 60}:{value % 60:02d}"
        return value

    def to_python(self, value):
        value = (super().to_python(value) or "").strip()
        if not value:
            return None
        # Persian and Arabic-Indic digits too: a phone keyboard may type them.
        value = value.translate(
            str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
        ).replace("٫", ":")
        parts = value.split(":")
        if not 1 <= len(parts) <= 3 or not all(part.isdigit() for part in parts):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        numbers = [int(part) for part in parts]
        if len(numbers) == 1:
            return numbers[0] * 60
        if any(number >= 60 for number in numbers[1:]):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        seconds = 0
        for number in numbers:
            seconds = seconds * 60 + number
        return seconds


class ResourceForm(forms.Form):
    """Writing or changing a draft. `kind` is chosen once, when it is created."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Resource.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Short summary"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=Resource._meta.get_field("summary").help_text,
    )
    language = forms.ChoiceField(label=_("Language"), choices=WORKING_LANGUAGE_CHOICES)
    audience = forms.ChoiceField(label=_("For"), choices=Resource.Audience.choices)
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    body = forms.CharField(
        label=_("Text (articles)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=Resource._meta.get_field("body").help_text,
    )
    file = forms.FileField(
        label=_("File (audio, video, PDF)"),
        required=False,
        allow_empty_file=True,  # refused by the services, with a clearer message
    )
    duration = DurationField(
        label=_("Duration (audio, video)"),
        required=False,
        help_text=_("Minutes:seconds, for example 4:05."),
    )
    transcript = forms.CharField(
        label=_("Transcript or text summary (audio, video)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=Resource._meta.get_field("transcript").help_text,
    )
    url = forms.URLField(
        label=_("Address of the other site (links)"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]
        limits = ", ".join(
            f"{uploads.kind_label(kind)}: {uploads.accepted_types(kind)}, ≤ {mb} MB"
            for kind, mb in settings.LIBRARY_MAX_UPLOAD_MB.items()
        )
        self.fields["file"].help_text = limits

    def service_values(self) -> dict:
        data = self.cleaned_data
        values = {
            "title": data["title"],
            "summary": data["summary"],
            "language": data["language"],
            "audience": data["audience"],
            "body": data["body"],
            "transcript": data["transcript"],
            "url": data["url"],
            "duration_seconds": data["duration"],
            "topics": list(data["topics"]),
        }
        return values

    @staticmethod
    def initial_for(resource: Resource) -> dict:
        return {
            "title": resource.title,
            "summary": resource.summary,
            "language": resource.language,
            "audience": resource.audience,
            "topics": list(resource.topics.all()),
            "body": resource.body,
            "duration": resource.duration_seconds,
            "transcript": resource.transcript,
            "url": resource.url,
        }


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class HelpFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind of help"), required=False, choices=ANY + SupportService.Kind.choices
    )

    def __init__(self, *args, country_codes, **kwargs):
        super().__init__(*args, **kwargs)
        names = sorted(((code, countries.name(code)) for code in country_codes), key=lambda c: c[1])
        self.fields["country"].choices = [("", _("Every country")), *names]


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class SupportServiceForm(forms.Form):
    """A directory entry; its name, description and note on hours in every language."""

    kind = forms.ChoiceField(label=_("Kind"), choices=SupportService.Kind.choices)
    country = forms.ChoiceField(label=_("Country"), required=False)
    society = forms.ModelChoiceField(
        label=_("National society (tracing services)"),
        queryset=None,
        required=False,
        help_text=SupportService._meta.get_field("society").help_text,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=WORKING_LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    time_zone = forms.ChoiceField(label=_("Time zone of its hours"))
    open_days = forms.TypedMultipleChoiceField(
        label=_("Days open"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    opens_at = forms.TimeField(label=_("Opens (its local time)"), required=False)
    closes_at = forms.TimeField(label=_("Closes (its local time)"), required=False)
    is_free = forms.BooleanField(label=_("Free of charge"), required=False, initial=True)
    website = forms.URLField(
        label=_("Web address"), required=False, max_length=500, assume_scheme="https"
    )
    phone = forms.CharField(label=_("Telephone"), required=False, max_length=40)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(
        label=_("Address for walk-in visits"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    position = forms.IntegerField(label=_("Position in the list"), min_value=0, initial=10)

    def __init__(self, *args, country_choices, societies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices
        self.fields["society"].queryset = societies
        import zoneinfo

        zones = sorted(zoneinfo.available_timezones() - {"localtime"})
        self.fields["time_zone"].choices = [(zone, zone) for zone in zones]
        self.text_fields = []
        self.text_keys = []
        for code, name in settings.LANGUAGES:
            column = code.replace("-", "_")
            for field, label, widget in (
                ("name", _("Name"), forms.TextInput),
                ("description", _("What it offers"), forms.Textarea(attrs={"rows": 2})),
                ("hours_note", _("About the hours"), forms.TextInput),
            ):
                key = f"{field}_{column}"
                self.fields[key] = forms.CharField(
                    label=f"{label} ({name})",
                    required=False,
                    max_length=SupportService._meta.get_field(field).max_length,
                    widget=widget,
                )
                self.fields[key].widget.attrs.update({"lang": code, "dir": "auto"})
                self.text_keys.append(key)
            self.text_fields.append((code, name, [self[f"{f}_{column}"] for f in _TEXTS]))

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if (opens is None) != (closes is None):
            self.add_error("closes_at", _("Please give both the opening and the closing time."))
        elif opens is not None and closes <= opens:
            self.add_error("closes_at", _("The closing time must be after the opening time."))
        return data

    def service_values(self) -> tuple[dict, dict]:
        data = self.cleaned_data
        texts = {key: data[key] for key in self.text_keys}
        fields = {
            name: data[name]
            for name in (
                "kind",
                "country",
                "society",
                "languages",
                "time_zone",
                "open_days",
                "opens_at",
                "closes_at",
                "is_free",
                "website",
                "phone",
                "email",
                "address",
                "position",
            )
        }
        return fields, texts

    @staticmethod
    def initial_for(service: SupportService) -> dict:
        initial = {
            name: getattr(service, name)
            for name in (
                "kind",
                "languages",
                "time_zone",
                "open_days",
                "opens_at",
                "closes_at",
                "is_free",
                "website",
                "phone",
                "email",
                "address",
                "position",
            )
        }
        initial["country"] = service.country.code or ""
        initial["society"] = service.society_id
        for code, _name in settings.LANGUAGES:
            column = code.replace("-", "_")
            for field in _TEXTS:
                initial[f"{field}_{column}"] = getattr(service, f"{field}_{column}") or ""
        return initial
