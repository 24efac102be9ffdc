"""Forum moderation personas on top of `forum_world`: a moderator at hub B too."""

from conference.models import HubRole
from support.forum import services
from tests import factories
from tests.forum_helpers import forum_world

PHONE = "Call me on +92 300 1234567 please, I may know something."
SCAM = "Send 500 dollars by Western Union and I will tell you where your son is."
AT_RISK = "I want to end my life, I cannot go on without him."


def moderation_world(world):
    forum_world(world)
    world.moderator_b = factories.make_user(pseudonym="Moderator B")
    factories.grant(world.moderator_b, world.hub_b, HubRole.Role.MODERATOR)
    services.guidelines_accept(user=world.moderator_b)
    world.t_general = services.thread_start(
        author=world.moderator_a, category=world.general, title="Welcome", body="Be gentle."
    )
    world.t_a = services.thread_start(
        author=world.organiser_a, category=world.cat_a, title="Islamabad", body="Salaam"
    )
    world.t_b = services.thread_start(
        author=world.organiser_b, category=world.cat_b, title="Tehran", body="Dorood"
    )
    return world
