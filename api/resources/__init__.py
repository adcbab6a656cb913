"""API resources, one module per noun: serializer(s), FilterSet and viewset together."""
