"""pact-domain: the event-sourced system of record for Pact for Skills partnerships."""
