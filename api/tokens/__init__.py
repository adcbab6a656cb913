"""API token management: the secret (secrets.py), the services, and the portal pages for verifiers."""
