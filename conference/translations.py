"""How complete the translation catalogues are, and whether they are sound.

The project's own strings are in locale/<language>/LC_MESSAGES/django.po (Dari
reads Persian's, with locale/fa_AF overrides where they exist). A language is
complete when every entry is translated and none is fuzzy; Persian and Arabic
must be complete, the others at least 95 % (`REQUIRED`). Every entry with a
placeholder must carry the python-format flag, or `msgfmt --check-format` (which
`compilemessages`, and so `make messages`, runs) would not check that its
translations keep the placeholder.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "locale"
LANGUAGES = ("fr", "ar", "fa", "fa_AF", "ur", "ps")
# Share of entries that must be translated, per language (the rest: 95 %).
REQUIRED = {"fa": 100.0, "fa_AF": 100.0, "ar": 100.0}
DEFAULT_REQUIRED = 95.0
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")


@dataclass
class Coverage:
    language: str
    total: int = 0
    translated: int = 0
    untranslated: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)
    unflagged: list[str] = field(default_factory=list)  # placeholders msgfmt won't check

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    @property
    def required(self) -> float:
        return REQUIRED.get(self.language, DEFAULT_REQUIRED)

    @property
    def ok(self) -> bool:
        return self.percent >= self.required and not self.fuzzy and not self.unflagged


def _entries(language: str, locale: Path) -> list[polib.POEntry]:
    path = locale / language / "LC_MESSAGES" / "django.po"
    if language == "fa_AF":
        # Dari: the Persian catalogue, with Dari's own entries over it.
        base = {(e.msgctxt, e.msgid): e for e in _entries("fa", locale)}
        if path.exists():
            for entry in polib.pofile(str(path)):
                if entry.translated() and not entry.obsolete:
                    base[(entry.msgctxt, entry.msgid)] = entry
        return list(base.values())
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete]


def coverage(language: str, locale: Path = LOCALE) -> Coverage:
    result = Coverage(language)
    for entry in _entries(language, locale):
        result.total += 1
        if "fuzzy" in entry.flags:
            result.fuzzy.append(entry.msgid)
        elif entry.translated():
            result.translated += 1
        else:
            result.untranslated.append(entry.msgid)
        if PLACEHOLDER.search(entry.msgid) and "python-format" not in entry.flags:
            result.unflagged.append(entry.msgid)
    return result


def fresh_catalogues() -> Path:
    """The catalogues as `make messages` would make them from today's code, in a
    temporary copy of the project (needs GNU gettext): a string added to the code
    without running `make messages` shows up as untranslated. The caller removes
    the returned folder's parent."""
    if shutil.which("xgettext") is None:
        raise RuntimeError("GNU gettext (xgettext) is needed to extract the strings.")
    copy = Path(tempfile.mkdtemp(prefix="flh-messages-")) / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "staticfiles", "node_modules", "*.sqlite3*", "__pycache__", "media"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--all",
            "--no-obsolete",
            "--ignore=staticfiles",
            "--ignore=locale_vendor",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": _path(), "DJANGO_SETTINGS_MODULE": "conference.settings", "FLH_EMBEDDED": "1"},
    )
    return copy / "locale"


def _path() -> str:
    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
