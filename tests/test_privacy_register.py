"""The register of personal data (conference/privacy.py) covers every model."""

import pytest
from django.apps import apps

from conference import privacy
from tests.factories import make_user


def test_every_model_that_may_hold_personal_data_is_declared():
    """A model with a relation to the user, or a field that can hold personal data,
    must say what it holds, why, for how long and how it is erased, or be exempted
    with a reason. A new feature that forgets it fails here."""
    missing = {
        model._meta.label: signs
        for model in apps.get_models()
        if (signs := privacy.signs_of_personal_data(model))
        and model not in privacy.REGISTER
        and model not in privacy.EXEMPT
    }
    assert missing == {}, "declare these in their app's privacy.py: " + repr(missing)


def test_the_register_notices_a_model_that_points_to_people():
    """The test above would catch a forgotten model: a made-up model with a user
    column shows signs; one with only a title shows none."""
    from conference.models import AuditEntry, Conference

    assert privacy.signs_of_personal_data(AuditEntry)
    assert privacy.signs_of_personal_data(apps.get_model("conference", "User"))
    assert privacy.signs_of_personal_data(Conference) == []


def test_every_declaration_says_what_why_how_long_and_how_erased():
    for declaration in privacy.REGISTER.values():
        assert str(declaration.holds).strip(), declaration.label
        assert str(declaration.retention).strip(), declaration.label
        assert declaration.purpose in privacy.Purpose.values, declaration.label
        assert declaration.erasure in privacy.Erasure.values, declaration.label
    for model, reason in privacy.EXEMPT.items():
        assert len(reason) > 20, model._meta.label


@pytest.mark.django_db
def test_each_declaration_finds_a_persons_rows(world):
    """Every subject lookup resolves (a typo would only show when someone asks for
    their data) and finds only that person's rows."""
    from hubs.models import Registration
    from tests.factories import register

    register(world.family, world.hub_a, mode=Registration.Mode.ONLINE)
    register(world.family2, world.hub_a, mode=Registration.Mode.ONLINE)
    found = privacy.rows_about(world.family)
    assert set(found) == {d.label for d in privacy.REGISTER.values()}
    for rows in found.values():
        list(rows)  # evaluates: a wrong lookup raises here
    assert list(found["hubs.Registration"].values_list("user", flat=True)) == [world.family.pk]
    exported = privacy.export_rows(
        privacy.REGISTER[apps.get_model("conference", "User")], world.family
    )
    assert exported[0]["email"] == world.family.email
    assert "password" not in exported[0]


def test_the_new_person_has_no_rows_anywhere(db):
    person = make_user()
    leftovers = {
        label: rows.count()
        for label, rows in privacy.rows_about(person).items()
        if label not in ("conference.User", "account.EmailAddress")
    }
    assert set(leftovers.values()) == {0}
