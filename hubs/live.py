"""The check-in desk's live count: group names and what is sent to them."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db.models import Count, Q, Sum

from hubs.models import Registration


def desk_group(hub_id: int) -> str:
    return f"hub-{hub_id}-desk"


def desk_counts(hub) -> dict:
    """Arrivals against confirmed in-person registrations (parties and people)."""
    people = Sum("adults") + Sum("children")
    arrived = Q(checked_in_at__isnull=False)
    totals = Registration.objects.filter(
        hub=hub, mode=Registration.Mode.IN_PERSON, status=Registration.Status.CONFIRMED
    ).aggregate(
        expected_parties=Count("pk"),
        expected_people=people,
        arrived_parties=Count("pk", filter=arrived),
        arrived_people=Sum("adults", filter=arrived) + Sum("children", filter=arrived),
    )
    return {key: value or 0 for key, value in totals.items()}


def desk_count_changed(hub) -> None:
    """Tell every open desk of this hub the new count."""
    async_to_sync(get_channel_layer().group_send)(
        desk_group(hub.pk), {"type": "desk.count", "counts": desk_counts(hub)}
    )
