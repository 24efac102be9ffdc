"""The organiser's CSV export never hands a spreadsheet a formula.

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a
formula by Excel or LibreOffice (OWASP "CSV injection"); the export puts a `'`
in front. Each start is tested on its own, through the page the organiser
downloads, and each cell is found by its content, not by its column."""

import csv
import io

import pytest

from hubs.models import Registration
from tests.factories import make_user, register

pytestmark = pytest.mark.django_db

DANGEROUS_STARTS = ["=", "+", "-", "@", "\t", "\r"]


def exported_cells(client, hub) -> list[str]:
    response = client.get(f"/hubs/{hub.slug}/export.csv?purpose=needs")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    # utf-8-sig: the same cells whether or not the file starts with a byte-order mark.
    text = body.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def the_cell(cells, marker) -> str:
    found = [cell for cell in cells if marker in cell]
    assert len(found) == 1, f"expected one cell with {marker!r}, found {found!r}"
    return found[0]


@pytest.mark.parametrize("start", DANGEROUS_STARTS, ids=repr)
def test_a_pseudonym_that_starts_a_formula_is_written_as_text(client, world, no_staff_2fa, start):
    payload = f"{start}cmd|'/C calc'!A0 alias-{ord(start)}"  # pseudonyms hold 40
    register(make_user(pseudonym=payload), world.hub_a)
    client.force_login(world.organiser_a)
    cell = the_cell(exported_cells(client, world.hub_a), f"alias-{ord(start)}")
    assert cell == "'" + payload


@pytest.mark.parametrize("start", DANGEROUS_STARTS, ids=repr)
def test_a_need_that_starts_a_formula_is_written_as_text(client, world, no_staff_2fa, start):
    payload = f"{start}cmd|' /C calc'!A0 need-{ord(start)}"
    registration = register(world.family, world.hub_a)
    # Straight into the table: the form strips spaces, an import or the admin might not.
    Registration.objects.filter(pk=registration.pk).update(accessibility_needs=payload)
    client.force_login(world.organiser_a)
    cell = the_cell(exported_cells(client, world.hub_a), f"need-{ord(start)}")
    assert cell == "'" + payload


def test_ordinary_text_is_written_as_it_is(client, world, no_staff_2fa):
    """Only a dangerous first character is escaped: the same characters later on,
    or a quote at the start, are left alone."""
    register(make_user(pseudonym="Gul - mother of=two @home"), world.hub_a)
    quoted = register(world.family, world.hub_a)
    Registration.objects.filter(pk=quoted.pk).update(accessibility_needs="'quoted' step-free")
    client.force_login(world.organiser_a)
    cells = exported_cells(client, world.hub_a)
    assert the_cell(cells, "mother of") == "Gul - mother of=two @home"
    assert the_cell(cells, "step-free") == "'quoted' step-free"
