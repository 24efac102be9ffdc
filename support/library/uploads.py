"""Files of library resources: checked by their content, stored through Django's
storage API.

The type is read from the file's first bytes (puremagic's signatures), never from
its name or from what the browser claims: an HTML page named "guide.pdf" or a
program named "song.mp3" is refused. Accepted files are stored under a random
name with the extension of the type found, so nothing a person typed ends up in
a path. Sizes are limited per kind (settings.LIBRARY_MAX_UPLOAD_MB).
"""

import uuid
from dataclasses import dataclass

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# What each kind accepts: extension puremagic reports -> (type served, extension stored).
ACCEPTED = {
    "audio": {
        ".mp3": ("audio/mpeg", ".mp3"),
        ".mpga": ("audio/mpeg", ".mp3"),
        ".ogg": ("audio/ogg", ".ogg"),
        ".oga": ("audio/ogg", ".ogg"),
        ".opus": ("audio/ogg", ".ogg"),
        ".m4a": ("audio/mp4", ".m4a"),
        ".wav": ("audio/wav", ".wav"),
        ".webm": ("audio/webm", ".webm"),
    },
    "video": {
        ".mp4": ("video/mp4", ".mp4"),
        ".m4v": ("video/mp4", ".mp4"),
        ".webm": ("video/webm", ".webm"),
        ".ogv": ("video/ogg", ".ogv"),
        ".ogg": ("video/ogg", ".ogv"),
    },
    "pdf": {".pdf": ("application/pdf", ".pdf")},
}
HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int


def max_bytes(kind: str) -> int:
    return settings.LIBRARY_MAX_UPLOAD_MB[kind] * 1024 * 1024


def kind_label(kind: str) -> str:
    return {"audio": _("audio file"), "video": _("video file"), "pdf": _("PDF document")}[kind]


def _mpeg_audio_frame(head: bytes) -> bool:
    """An MP3 without an ID3 tag starts straight with a frame header: 11 sync bits,
    a valid MPEG version and Layer III. puremagic knows only MPEG-1 without CRC."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer = (head[1] >> 3) & 0b11, (head[1] >> 1) & 0b11
    bitrate, rate = head[2] >> 4, (head[2] >> 2) & 0b11
    return version != 0b01 and layer == 0b01 and bitrate not in (0, 15) and rate != 0b11


def detect(head: bytes) -> list[str]:
    """Extensions the content of `head` shows, most likely first (ties kept)."""
    try:
        matches = puremagic.magic_string(head)
    except puremagic.PureError:
        matches = []
    if not matches:
        return [".mp3"] if _mpeg_audio_frame(head) else []
    best = max(match.confidence for match in matches)
    return [match.extension.lower() for match in matches if match.confidence == best]


def check_upload(uploaded, kind: str) -> CheckedFile:
    """Accept `uploaded` (a Django UploadedFile) as a file of `kind`, or raise
    ValidationError with a message for the person who sent it."""
    size = uploaded.size or 0
    if size == 0:
        raise ValidationError(_("This file is empty. Please choose the file again."), code="empty")
    if size > max_bytes(kind):
        raise ValidationError(
            _("This file is %(size)s. The largest %(kind)s accepted is %(limit)s MB.")
            % {
                "size": filesizeformat(size),
                "kind": kind_label(kind),
                "limit": settings.LIBRARY_MAX_UPLOAD_MB[kind],
            },
            code="too_large",
        )
    uploaded.seek(0)
    head = uploaded.read(HEAD_BYTES)
    uploaded.seek(0)
    accepted = ACCEPTED[kind]
    for extension in detect(head):
        if extension in accepted:
            content_type, stored_extension = accepted[extension]
            return CheckedFile(content_type, stored_extension, size)
    raise ValidationError(
        _("This file is not an accepted %(kind)s, whatever its name says. Accepted: %(types)s.")
        % {"kind": kind_label(kind), "types": accepted_types(kind)},
        code="wrong_type",
    )


def accepted_types(kind: str) -> str:
    return ", ".join(sorted({ext.lstrip(".").upper() for _t, ext in ACCEPTED[kind].values()}))


def store(uploaded, checked: CheckedFile) -> str:
    """Save to the default storage under a random name; returns the stored name."""
    uploaded.seek(0)
    name = f"library/{uuid.uuid4().hex}{checked.extension}"
    return default_storage.save(name, uploaded)


def delete_quietly(name: str) -> None:
    if name:
        default_storage.delete(name)
