"""pytest plugin of pact-domain (fixtures are added by the testing toolkit)."""
