"""What moderators and authors read about each reason (translated lazily)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "phone": _("Phone number"),
    "email": _("E-mail address"),
    "messenger": _("Messenger or social-media account"),
    "private_channel": _("Invitation to talk privately"),
    "money_request": _("Money asked for or offered"),
    "payment_details": _("Payment details"),
    "information_for_money": _("News or help offered in exchange for something"),
    "id_number": _("Identity document number"),
    "address": _("Home address"),
    "link": _("Link to another site"),
    "at_risk": _("Someone may be at risk"),
}

EXPLANATIONS = {
    "phone": _(
        "Your post seems to contain a phone number. We keep numbers off the forum because "
        "people who prey on families of the missing call them. Please take it out and post "
        "again; the tracing services in the support directory can reach you safely."
    ),
    "email": _(
        "Your post seems to contain an e-mail address. We keep addresses off the forum so "
        "that strangers cannot write to you. Please take it out and post again."
    ),
    "messenger": _(
        "Your post seems to name an account on WhatsApp, Telegram or another app. Anyone "
        "can read the forum, so we keep these out to protect you. Please take it out and "
        "post again."
    ),
    "private_channel": _(
        "Your post seems to invite someone to talk in private, on an app or by message. "
        "People who deceive families often ask to move to a private chat, so on this forum "
        "conversations stay in the open, where moderators can help. Please change it and "
        "post again."
    ),
    "money_request": _(
        "Your post seems to ask for money or offer it, or to mention a fee or a reward. "
        "Families are often asked to pay for news that never comes, so a moderator reads "
        "such posts before they appear. You can change it and post again."
    ),
    "payment_details": _(
        "Your post seems to contain payment details: an account or card number, a wallet, "
        "or a money-transfer service. Please never share these here; take them out and "
        "post again."
    ),
    "information_for_money": _(
        "Your post seems to offer news, help with a release or documents in exchange for "
        "something. Real help from the Red Cross and Red Crescent is always free, so a "
        "moderator reads such posts before they appear."
    ),
    "id_number": _(
        "Your post seems to contain the number of an identity card or a passport. Someone "
        "could misuse it; please take it out and post again."
    ),
    "address": _(
        "Your post seems to contain a home address. For your safety and your family's, "
        "please leave out house and street numbers and post again."
    ),
    "link": _(
        "Your post contains a link to a site we do not know. Links can lead to scams, so a "
        "moderator checks them first. Links to the Red Cross and Red Crescent are welcome."
    ),
    "at_risk": _(
        "It sounds as if you are carrying something very heavy right now. You do not have "
        "to carry it alone: the people in the support directory are there to listen, today."
    ),
}
