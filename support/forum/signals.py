"""Every change of pseudonym is remembered for the moderators, wherever it is made
(account page, admin, a command): the pseudonym a user was loaded with is kept on
the instance and compared when it is saved."""


def remember_pseudonym(sender, instance, **kwargs) -> None:
    instance._flh_loaded_pseudonym = instance.__dict__.get("pseudonym", None)


def record_pseudonym_change(sender, instance, created, update_fields=None, **kwargs) -> None:
    if created or (update_fields is not None and "pseudonym" not in update_fields):
        return
    old = getattr(instance, "_flh_loaded_pseudonym", None)
    if old is None or old == instance.pseudonym:
        return
    from support.forum.services import pseudonym_change_record

    pseudonym_change_record(user=instance, old=old, new=instance.pseudonym)
    instance._flh_loaded_pseudonym = instance.pseudonym
