"""Partners, agreements, activities and evidence: lists, details, forms, uploads."""

urlpatterns: list = []
