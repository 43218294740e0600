"""Shared test configuration.

The fixtures (``pact_app``, ``pact_sqlite_app``, ``pact_sqlite_path``,
``pact_clock``, ``pact_scenario``, ``given_when_then``) and the Hypothesis
profiles (``pact-fast``, ``pact-ci``) come from the pytest plugin that
pact-domain ships, :mod:`pact_domain.testing.pytest_plugin`, active through
its ``pytest11`` entry point.
"""

from _example_plugin import use_example_plugin

# The tests run on the README's test command alone: when the example plugin
# (examples/pact-file-notifier) is not pip-installed, it is put on the path
# with the entry point its pyproject declares, exactly as an install would
# make it visible to importlib.metadata (see tests/_example_plugin.py).
use_example_plugin()
