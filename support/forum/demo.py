"""The forum's part of `seed_demo`: global categories, one per hub and one per
language, 30 threads and over 200 posts in six languages by the demo families and
staff (support/forum/demo_texts.py), some quotes and "with you"s; and
family@example.org following a thread with replies they have not read yet.

Built through the services, with the times spread over the last weeks.
Idempotent: a category is updated in place, a thread that exists is left as it is.
"""

import datetime

from allauth.account.models import EmailAddress
from django.utils import timezone

from conference import permissions
from conference.content import column
from support.forum import services
from support.forum.demo_texts import (
    CATEGORY_TEXTS,
    FOLLOWED_TITLE,
    HUB_DESCRIPTION,
    HUB_NAME,
    LANGUAGE_DESCRIPTION,
    LANGUAGE_NAMES,
    REPLIES,
    THREADS,
)
from support.forum.models import Category, Thread

LANGUAGES = ("en", "fr", "ar", "fa", "ur", "ps")

# Who writes in each language: demo accounts and demo families ("family:N").
AUTHORS = {
    "en": [
        "family@example.org",
        "family:2",
        "family:4",
        "family:11",
        "family:12",
        "support@example.org",
        "facilitator@example.org",
    ],
    "fa": [
        "family2@example.org",
        *[f"family:{n}" for n in range(13, 21)],
        "facilitator@example.org",
    ],
    "ur": ["family@example.org", *[f"family:{n}" for n in (1, 3, 5, 7, 9)], "support@example.org"],
    "ar": [*[f"family:{n}" for n in range(21, 29)], "moderator@example.org"],
    "ps": ["family:29", "family:31", "family:33", "facilitator@example.org"],
    "fr": ["family:30", "family:32", "family:34", "support@example.org"],
}


def _texts(field: str, by_language: dict[str, str]) -> dict[str, str]:
    values = {column(field, code): text for code, text in by_language.items()}
    values[column(field, "fa-af")] = by_language.get("fa", "")
    values[field] = by_language["en"]
    return values


def build_categories(demo) -> dict[str, Category]:
    categories = {}
    order = 0
    for slug, (names, descriptions) in CATEGORY_TEXTS.items():
        order += 10
        categories[slug], _ = Category.objects.update_or_create(
            slug=slug,
            defaults={
                "kind": Category.Kind.GLOBAL,
                "order": order,
                "who_may_start": "staff" if slug == "news" else "members",
                **_texts("name", names),
                **_texts("description", descriptions),
            },
        )
    for hub in demo.hubs.values():
        order += 10
        names = {
            code: template.format(hub=getattr(hub, column("name", code)) or hub.name)
            for code, template in HUB_NAME.items()
        }
        categories[f"hub:{hub.slug}"], _ = Category.objects.update_or_create(
            slug=f"hub-{hub.slug}",
            defaults={
                "kind": Category.Kind.HUB,
                "hub": hub,
                "order": order,
                **_texts("name", names),
                **_texts("description", HUB_DESCRIPTION),
            },
        )
    for code in LANGUAGES:
        order += 10
        own_name = dict.fromkeys(LANGUAGES, LANGUAGE_NAMES[code])
        categories[f"lang:{code}"], _ = Category.objects.update_or_create(
            slug=f"lang-{code}",
            defaults={
                "kind": Category.Kind.LANGUAGE,
                "language": code,
                "order": order,
                **_texts("name", own_name),
                **_texts("description", {**LANGUAGE_DESCRIPTION, "en": LANGUAGE_DESCRIPTION[code]}),
            },
        )
    return categories


def _person(demo, key: str):
    if key.startswith("family:"):
        return demo.families[int(key.split(":")[1]) - 1]
    return demo.users[key]


def _ready_to_write(user) -> None:
    """Demo families have a confirmed address and have accepted the guidelines."""
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
    services.guidelines_accept(user=user)


def build_forum(demo, *, now=None) -> None:
    now = now or timezone.now()
    categories = build_categories(demo)
    people = {key: _person(demo, key) for keys in AUTHORS.values() for key in keys}
    for _category, _language, author, _title, _body in THREADS:
        people.setdefault(author, _person(demo, author))
    for user in people.values():
        _ready_to_write(user)

    count = len(THREADS)
    for index, (slug, language, author_key, title, body) in enumerate(THREADS):
        category = categories[slug]
        if Thread.objects.filter(category=category, title=title).exists():
            continue
        followed = title == FOLLOWED_TITLE
        # Spread over the last six weeks; the followed thread is recent.
        started = now - datetime.timedelta(days=2 if followed else 42 - index * 42 / count)
        author = people[author_key]
        thread = services.thread_start(
            author=author, category=category, title=title, body=body, now=started
        )
        opening = thread.posts.get()
        writers = [
            people[key]
            for key in AUTHORS[language]
            if people[key] != author and permissions.can_see_category(people[key], category)
        ]
        if followed:
            # Gul last read it when she wrote it: the replies are new to her.
            writers = [user for user in writers if user != demo.users["family@example.org"]]
            writers += [
                demo.users[key] for key in ("organiser@example.org", "moderator@example.org")
            ]
        if len(writers) < 2:
            writers += [
                user for user in demo.families if permissions.can_see_category(user, category)
            ][:4]
        pool = REPLIES[language]
        replies = 6 + index % 3
        for number in range(replies):
            writer = writers[(index + number) % len(writers)]
            if writer == author:
                writer = writers[(index + number + 1) % len(writers)]
            text = pool[(index * 5 + number) % len(pool)]
            moment = started + datetime.timedelta(hours=3 * (number + 1), minutes=7 * index)
            reply = services.post_reply(
                author=writer,
                thread=thread,
                body=text,
                quote=opening if number % 4 == 3 else None,
                now=min(moment, now),
            )
            if number % 2 == 0:
                services.reaction_toggle(user=author, post=reply)
        for writer in writers[:3]:
            if writer != author:
                services.reaction_toggle(user=writer, post=opening)
