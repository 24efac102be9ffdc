"""Personal data of the resource library and the directory (see conference/privacy.py)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conference.privacy import Erasure, Purpose, declare, exempt
from support.library.models import Resource, ResourceStatusChange, SupportService, Topic

declare(
    Resource,
    purpose=Purpose.LIBRARY,
    holds=_("the library resources you wrote or last changed as staff"),
    retention=_("as long as the resource is kept"),
    erasure=Erasure.ANONYMISE,
    subject=lambda user: Resource.objects.filter(Q(author=user) | Q(last_edited_by=user)),
    export_exclude=("search_document", "search_vector"),
)
declare(
    ResourceStatusChange,
    purpose=Purpose.LIBRARY,
    holds=_("who submitted, published or archived a library resource, and their note"),
    retention=_("as long as the resource is kept"),
    erasure=Erasure.ANONYMISE,
    subject="actor",
)
exempt(Topic, reason="Names of the library's topics, written by staff, not about people.")
exempt(
    SupportService,
    reason="Public contact details of support organisations (telephone, address, hours), "
    "not of a person.",
)
