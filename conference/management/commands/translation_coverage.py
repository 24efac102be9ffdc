"""How much of the interface is translated, per language; fails when a language is
below what it must reach (Persian and Arabic 100 %, the others 95 %), when an entry
is fuzzy, or when an entry with a placeholder is not checked by msgfmt.

    python manage.py translation_coverage            # the committed catalogues
    python manage.py translation_coverage --fresh    # strings extracted from today's code
    python manage.py translation_coverage --strict   # every language at 100 %
"""

import shutil

from django.core.management.base import BaseCommand, CommandError

from conference import translations


class Command(BaseCommand):
    help = "Report translation coverage per language and fail below the required level."

    def add_arguments(self, parser):
        parser.add_argument("--fresh", action="store_true", help="extract strings from the code")
        parser.add_argument("--strict", action="store_true", help="require 100 % everywhere")
        parser.add_argument("--list", action="store_true", help="list what is missing")

    def handle(self, *args, fresh=False, strict=False, list=False, **options):
        locale = translations.fresh_catalogues() if fresh else translations.LOCALE
        try:
            results = [translations.coverage(code, locale) for code in translations.LANGUAGES]
        finally:
            if fresh:
                shutil.rmtree(locale.parent.parent, ignore_errors=True)
        failed = []
        for result in results:
            required = 100.0 if strict else result.required
            ok = result.ok and result.percent >= required
            self.stdout.write(
                f"{result.language:6} {result.percent:6.1f} %  ({result.translated}/{result.total}"
                f", {len(result.fuzzy)} fuzzy, needs {required:.0f} %)  {'ok' if ok else 'FAIL'}"
            )
            for title, items in (
                ("untranslated", result.untranslated),
                ("fuzzy", result.fuzzy),
                ("placeholder without python-format", result.unflagged),
            ):
                if items and (list or not ok):
                    for msgid in items:
                        self.stdout.write(f"    {title}: {msgid[:100]!r}")
            if not ok:
                failed.append(result.language)
        if failed:
            raise CommandError(f"Translations incomplete: {', '.join(failed)}")
