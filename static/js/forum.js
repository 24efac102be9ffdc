// The forum's live updates (written with the consumer).
