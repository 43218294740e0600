"""Test toolkit for suites that test against pact-domain (work in progress)."""
