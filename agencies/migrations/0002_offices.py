"""Create the 28 offices so that every database has them."""

from django.db import migrations

from agencies.offices import PROVINCE, REGENCIES_AND_CITIES, display_name


def create_offices(apps, schema_editor):
    Office = apps.get_model("agencies", "Office")
    code, kind, region = PROVINCE
    province, _ = Office.objects.update_or_create(
        code=code, defaults={"kind": kind, "region_name": region, "name": display_name(kind, region)}
    )
    for code, kind, region in REGENCIES_AND_CITIES:
        Office.objects.update_or_create(
            code=code,
            defaults={"kind": kind, "region_name": region, "name": display_name(kind, region), "parent": province},
        )


def remove_offices(apps, schema_editor):
    Office = apps.get_model("agencies", "Office")
    Office.objects.exclude(code="32").delete()
    Office.objects.filter(code="32").delete()


class Migration(migrations.Migration):
    dependencies = [("agencies", "0001_initial")]
    operations = [migrations.RunPython(create_offices, remove_offices)]
