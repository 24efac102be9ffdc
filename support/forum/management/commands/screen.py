"""Try the forum's screening on sample posts.

    python manage.py screen posts.jsonl
    echo '{"text": "call me on 0300 1234567", "lang": "ur"}' | python manage.py screen -

Reads JSON Lines, one post per line: {"text": "...", "lang": "fa"} ("lang" may be
left out). Prints one JSON line per input line, in order:
{"hold": true, "reasons": ["phone"], "at_risk": false}; with --matched, also what
matched, per reason. A line that cannot be read gives {"line": N, "error": "..."}
in its place, and the command ends with an error status."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from support.forum.screening import screen


class Command(BaseCommand):
    help = "Screen posts read as JSON Lines ({'text': ..., 'lang': ...}) and print the verdicts."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a JSON Lines file, or - for standard input")
        parser.add_argument(
            "--matched", action="store_true", help="also print the text each reason matched"
        )
        parser.add_argument(
            "--no-directory",
            action="store_true",
            help="allow only FORUM_LINK_ALLOWLIST, not the support directory's sites",
        )

    def handle(self, *args, file, matched, no_directory, **options):
        if file == "-":
            errors = self._screen_lines(sys.stdin, no_directory, matched)
        else:
            try:
                with open(file, encoding="utf-8") as lines:
                    errors = self._screen_lines(lines, no_directory, matched)
            except OSError as error:
                raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
            except UnicodeDecodeError:
                raise CommandError(f"{file} is not UTF-8 text.") from None
        if errors:
            raise CommandError(f"{errors} line(s) could not be screened (see the error lines).")

    def _directory_allowlist(self):
        from support.forum.allowlist import link_allowlist

        try:
            return link_allowlist()
        except DatabaseError:
            self.stderr.write("The database is not reachable: links are checked against "
                              "FORUM_LINK_ALLOWLIST only.")  # fmt: skip
            return None

    def _screen_lines(self, lines, no_directory, matched) -> int:
        allowlist = None if no_directory else self._directory_allowlist()
        errors = 0
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                post = self._read(line)
            except ValueError as error:
                errors += 1
                self._write({"line": number, "error": str(error)})
                continue
            result = screen(post["text"], lang=post.get("lang"), allowlist=allowlist)
            out = {"hold": result.hold, "reasons": result.codes, "at_risk": result.at_risk}
            if matched:
                out["matched"] = {
                    reason.code: [post["text"][start:end] for start, end in reason.spans]
                    for reason in result.reasons
                }
            self._write(out)
        return errors

    @staticmethod
    def _read(line: str) -> dict:
        try:
            post = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"not valid JSON ({error.msg} at column {error.colno})") from None
        if not isinstance(post, dict):
            raise ValueError('expected an object like {"text": "...", "lang": "fa"}')
        if not isinstance(post.get("text"), str):
            raise ValueError('"text" is missing or is not a string')
        if post.get("lang") is not None and not isinstance(post["lang"], str):
            raise ValueError('"lang" must be a language code such as "fa", or left out')
        return post

    def _write(self, data: dict) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False))
