"""Resources for the library's tests, made through the services."""

import itertools

from django.core.files.uploadedfile import SimpleUploadedFile

from support.library import services
from support.library.demo import FILES, build_topics, simple_pdf
from support.library.models import Resource

_numbers = itertools.count(1)

MP3 = (FILES / "breathing-en.mp3").read_bytes()
PDF = simple_pdf(["A test page"])


def topics():
    return build_topics()


def make_resource(
    *, author, hub=None, kind="article", language="en", title=None, topic="ambiguous-loss", **extra
) -> Resource:
    """A draft by `author` for `hub` (None: global), complete enough to publish."""
    number = next(_numbers)
    values = {
        "title": title or f"Resource {number}",
        "summary": extra.pop("summary", f"Summary of resource {number}."),
        "language": language,
        "topics": [build_topics()[topic]],
    }
    if kind == "article":
        values["body"] = extra.pop("body", f"Some words for resource {number}.")
    elif kind in ("audio", "video"):
        values["upload"] = extra.pop("upload", SimpleUploadedFile("a.mp3", MP3))
        values["duration_seconds"] = extra.pop("duration_seconds", 18)
        values["transcript"] = extra.pop("transcript", "What is said.")
    elif kind == "pdf":
        values["upload"] = extra.pop("upload", SimpleUploadedFile("a.pdf", PDF))
    elif kind == "link":
        values["url"] = extra.pop("url", "https://familylinks.icrc.org/")
    return services.resource_create(actor=author, hub=hub, kind=kind, **values, **extra)


def publish(resource, *, author, reviewer) -> Resource:
    services.resource_submit(actor=author, resource=resource)
    return services.resource_publish(actor=reviewer, resource=resource)


def published(*, author, reviewer, hub=None, **fields) -> Resource:
    return publish(
        make_resource(author=author, hub=hub, **fields), author=author, reviewer=reviewer
    )
