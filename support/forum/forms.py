"""Forum forms: they only carry what was typed; every rule (lengths, windows,
locks) is checked by the services, whose translated refusals are put back on the
form so that what was typed stays."""

from django import forms
from django.utils.translation import gettext_lazy as _

from support.forum.models import TITLE_MAX
from support.forum.services import ForumError


class _ForumForm(forms.Form):
    def add_refusal(self, error: ForumError) -> None:
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


def _body_field(label):
    return forms.CharField(
        label=label,
        required=False,  # an empty message gets the services' own kind words
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
        help_text=_("You can use simple formatting: *italic*, **bold**, lists and links."),
    )


class ThreadForm(_ForumForm):
    title = forms.CharField(
        label=_("Title"),
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto", "maxlength": TITLE_MAX}),
    )
    body = _body_field(_("Your message"))


class ReplyForm(_ForumForm):
    body = _body_field(_("Your reply"))
    quote = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EditForm(_ForumForm):
    title = forms.CharField(
        label=_("Title"),
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto", "maxlength": TITLE_MAX}),
    )
    body = _body_field(_("Your message"))
    # When the post was last changed as the form was opened ("" if never).
    seen = forms.CharField(required=False, widget=forms.HiddenInput)


class FollowForm(forms.Form):
    from support.forum.models import Follow as _Follow

    mail = forms.ChoiceField(
        label=_("E-mails about new posts"), choices=_Follow.Mail.choices, required=False
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the forum"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, categories, languages, **kwargs):
        super().__init__(*args, **kwargs)
        any_choice = [("", _("Any"))]
        self.fields["category"].choices = any_choice + [(c.slug, c.name) for c in categories]
        self.fields["language"].choices = any_choice + languages
        self.fields["q"].widget.input_type = "search"
