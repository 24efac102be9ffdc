"""Channel-layer groups of support signals and conversations."""


def hub_group(hub_id: int) -> str:
    """The support-signals pages of a hub's support staff on duty and organisers."""
    return f"support-hub-{hub_id}"


def conversation_group(signal_id: int) -> str:
    """Every open page of one support conversation: the family's and the staff's."""
    return f"support-conversation-{signal_id}"
