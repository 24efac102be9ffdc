import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conference import content, dates
from conference.languages import WORKING_LANGUAGE_CHOICES
from conference.models import HubRole, User
from conference.translated_forms import TranslatedFieldsMixin
from sessions_app.models import CIRCLE_MAX_FAMILIES, SESSION_MAX_PLACES, Session
from sessions_app.services import local_datetime

Kind = Session.Kind
Mode = Session.Mode
ANY = [("", _("All"))]


class ProgrammeFilterForm(forms.Form):
    """The programme's filters: plain GET parameters, so they work without JavaScript."""

    hub = forms.ChoiceField(label=_("Hub"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ANY + Kind.choices)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=ANY + WORKING_LANGUAGE_CHOICES
    )
    mode = forms.ChoiceField(label=_("Taking part"), required=False, choices=ANY + Mode.choices)

    def __init__(self, *args, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].choices = ANY + [
            (hub.slug, content.shown(hub, "name").text) for hub in hubs
        ]

    def filter(self, sessions):
        """`sessions` narrowed by the valid filters (invalid ones are ignored and reported)."""
        if not self.is_bound or not self.is_valid():
            return sessions
        data = self.cleaned_data
        if data["kind"]:
            sessions = sessions.filter(kind=data["kind"])
        if data["language"]:
            sessions = sessions.speaking(data["language"])
        if data["mode"]:
            sessions = sessions.filter(mode=data["mode"])
        if data["hub"]:
            # A hub's programme includes the plenaries every hub follows.
            sessions = sessions.filter(Q(hub__slug=data["hub"]) | Q(hub__isnull=True))
        return sessions


# Texts of a session written in each of the hub's languages.
SESSION_TEXTS = ("title", "description", "speakers")


class SessionForm(TranslatedFieldsMixin, forms.Form):
    """Scheduling one session. Times are entered in `zone` (the hub's, or the
    secretariat's for plenaries) and handed to the services in UTC. Its title,
    description and speakers are written in the hub's languages side by side
    (every language for a plenary, which every hub follows)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    mode = forms.ChoiceField(label=_("How people take part"), choices=Mode.choices)
    room = forms.ModelChoiceField(label=_("Room"), queryset=None, required=False)
    day = forms.TypedChoiceField(label=_("Day"), coerce=str)
    starts = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(
        label=_("Ends"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("An end before the start time means the next day, after midnight."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=WORKING_LANGUAGE_CHOICES)
    interpretation_languages = forms.MultipleChoiceField(
        label=_("Interpretation into"),
        choices=WORKING_LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=SESSION_MAX_PLACES,
        required=False,
        help_text=_(
            "Families who can enrol. Leave empty for a session open to all. "
            "A sharing circle holds at most %(max)d families."
        )
        % {"max": CIRCLE_MAX_FAMILIES},
    )
    facilitators = forms.ModelMultipleChoiceField(
        label=_("Facilitators"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    join_link = forms.URLField(
        label=_("Link for online participants"),
        required=False,
        assume_scheme="https",
        help_text=_("A live stream or meeting address; not needed for a sharing circle."),
    )

    def __init__(self, *args, conference, hub, zone, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.hub = hub
        self.zone = zone
        if hub is None:
            languages = content.LANGUAGE_CODES
        else:
            # The hub's languages, and the session's own when it is held in another.
            languages = content.interface_languages(
                [*hub.languages, *([session.language] if session else [])]
            )
        self.add_translations(
            model=Session,
            fields=SESSION_TEXTS,
            languages=languages,
            instance=session,
            required=("title",),
        )
        self.fields["day"].choices = [
            (day.isoformat(), dates.day(day, "full")) for day in conference.days
        ]
        if hub is None:
            self.fields["kind"].choices = [(Kind.PLENARY, Kind.PLENARY.label)]
            self.fields["kind"].initial = Kind.PLENARY
            self.fields["mode"].choices = [
                (Mode.ONLINE, Mode.ONLINE.label),
                (Mode.HYBRID, Mode.HYBRID.label),
            ]
            del self.fields["room"]
            people = User.objects.filter(hub_roles__role=HubRole.Role.FACILITATOR)
        else:
            self.fields["kind"].choices = [c for c in Kind.choices if c[0] != Kind.PLENARY]
            self.fields["room"].queryset = hub.rooms.all()
            people = User.objects.filter(
                hub_roles__hub=hub,
                hub_roles__role__in=[HubRole.Role.FACILITATOR, HubRole.Role.ORGANISER],
            )
        self.fields["facilitators"].queryset = people.distinct().order_by("pseudonym", "pk")
        self.fields["facilitators"].label_from_instance = lambda user: user.display_name
        self.fields["starts"].help_text = _("Local time in %(zone)s.") % {
            "zone": dates.zone_label(zone)
        }

    @classmethod
    def initial_for(cls, session: Session, zone) -> dict:
        start = timezone.localtime(session.starts_at, zone)
        end = timezone.localtime(session.ends_at, zone)
        return {
            "kind": session.kind,
            "mode": session.mode,
            "room": session.room_id,
            "day": start.date().isoformat(),
            "starts": start.time().replace(second=0, microsecond=0),
            "ends": end.time().replace(second=0, microsecond=0),
            "language": session.language,
            "interpretation_languages": session.interpretation_languages,
            "capacity": session.capacity,
            "facilitators": list(session.facilitators.all()),
            "join_link": session.join_link,
        }

    def clean(self):
        data = super().clean()
        self.clean_translations()
        day, starts, ends = data.get("day"), data.get("starts"), data.get("ends")
        if day and starts and ends:
            date = datetime.date.fromisoformat(day)
            # 22:00 to 01:00 crosses midnight: the end is on the next day.
            end_date = date + datetime.timedelta(days=1) if ends < starts else date
            moments = {}
            for name, on, time in (("starts", date, starts), ("ends", end_date, ends)):
                try:
                    moments[name] = local_datetime(on, time, self.zone)
                except ValueError:
                    self.add_error(
                        name,
                        _("%(time)s does not exist on that day in %(zone)s: the clocks change.")
                        % {"time": dates.clock(time), "zone": dates.zone_label(self.zone)},
                    )
            if len(moments) == 2:
                data["starts_at"] = moments["starts"]
                data["ends_at"] = moments["ends"]
        return data

    def session_fields(self) -> dict:
        """The cleaned data as keyword arguments for the scheduling services."""
        data = self.cleaned_data
        return {
            **self.translated_values(),
            "kind": data["kind"],
            "mode": data["mode"],
            "room": data.get("room"),
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "language": data["language"],
            "interpretation_languages": data["interpretation_languages"],
            "capacity": data["capacity"],
            "join_link": data["join_link"],
        }


class EnrolForm(forms.Form):
    accept_ground_rules = forms.BooleanField(
        label=_("I have read the ground rules and I accept them."), required=False
    )
