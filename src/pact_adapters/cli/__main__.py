"""``python -m pact_adapters.cli``: the same as the ``pact`` command."""

from pact_adapters.cli import main

raise SystemExit(main())
