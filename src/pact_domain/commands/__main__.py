"""``python -m pact_domain.commands``: print the command reference (Markdown)."""

from pact_domain.commands._json import command_reference

print(command_reference())
