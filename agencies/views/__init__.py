"""Views of the agencies app, one module per feature."""
