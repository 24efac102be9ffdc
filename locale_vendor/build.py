"""Write locale_vendor/<language>/LC_MESSAGES/django.po and .mo from accounts.py.

.venv/bin/python locale_vendor/build.py
"""

import sys
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from accounts import ACCOUNTS  # noqa: E402

PLURALS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "ar": "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 && n%100<=99 ? 4 : 5;",
    "fa": "nplurals=2; plural=(n > 1);",
    "ur": "nplurals=2; plural=(n != 1);",
    "ps": "nplurals=2; plural=(n != 1);",
}


def build() -> None:
    for language, plural_forms in PLURALS.items():
        catalogue = polib.POFile(wrapwidth=79)
        catalogue.metadata = {
            "Project-Id-Version": "Family Links Hub (account pages)",
            "Language": language,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": plural_forms,
        }
        for msgid, translations in ACCOUNTS.items():
            if language not in translations:
                continue
            text = translations[language]
            flags = (
                ["python-format"] if "%" in (msgid if isinstance(msgid, str) else msgid[0]) else []
            )
            if isinstance(msgid, tuple):
                forms = text if isinstance(text, list) else [text]
                count = int(plural_forms.split("nplurals=")[1].split(";")[0])
                entry = polib.POEntry(
                    msgid=msgid[0],
                    msgid_plural=msgid[1],
                    msgstr_plural={n: forms[min(n, len(forms) - 1)] for n in range(count)},
                    flags=flags,
                )
            else:
                entry = polib.POEntry(msgid=msgid, msgstr=text, flags=flags)
            catalogue.append(entry)
        folder = HERE / language / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        catalogue.save(str(folder / "django.po"))
        catalogue.save_as_mofile(str(folder / "django.mo"))


if __name__ == "__main__":
    build()
