"""Forum personas and places on top of the `world` fixture (tests/conftest.py)."""

from support.forum import services
from support.forum.models import Category


def make_category(*, slug, kind="global", hub=None, language="", **fields) -> Category:
    return Category.objects.create(
        slug=slug, kind=kind, hub=hub, language=language, name=fields.pop("name", slug), **fields
    )


def forum_world(world):
    """Categories: a global one, one per hub, a Persian one; both families at hub A
    (accepted the guidelines), and an outsider family at hub B."""
    from tests import factories

    world.general = make_category(slug="general", name="General")
    world.persian = make_category(slug="farsi", kind="language", language="fa", name="فارسی")
    world.cat_a = make_category(slug="hub-a", kind="hub", hub=world.hub_a, name="Hub A")
    world.cat_b = make_category(slug="hub-b", kind="hub", hub=world.hub_b, name="Hub B")
    world.outsider = factories.make_user(pseudonym="Outsider B")
    factories.register(world.family, world.hub_a)
    factories.register(world.family2, world.hub_a)
    factories.register(world.outsider, world.hub_b)
    for person in (
        world.family,
        world.family2,
        world.outsider,
        world.moderator_a,
        world.organiser_a,
        world.organiser_b,
        world.admin,
        world.facilitator_a,
        world.support_a,
    ):
        services.guidelines_accept(user=person)
    return world
