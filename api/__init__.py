"""The integration API (/api/v1/): see docs/dev/api.md."""
