"""A sensible default set of Hubal performance indicators; the verifier can edit them."""

from django.db import migrations

GOAL_COOPERATION = "Meningkatnya kerja sama antar lembaga dalam pengawasan pemilu"
GOAL_PARTICIPATION = "Meningkatnya keterlibatan lembaga mitra dalam pencegahan pelanggaran pemilu"
GOAL_HANDLING = "Meningkatnya peran lembaga mitra dalam penanganan pelanggaran pemilu"
GOAL_ACCOUNTABILITY = "Terwujudnya tata kelola hubungan antar lembaga yang akuntabel"

INDICATORS = [
    ("IK-01", GOAL_COOPERATION, "Jumlah kerja sama yang ditandatangani", "dokumen", "higher", "agreements_signed"),
    (
        "IK-02",
        GOAL_COOPERATION,
        "Jumlah kerja sama yang berlaku pada akhir periode",
        "dokumen",
        "higher",
        "agreements_active_end",
    ),
    ("IK-03", GOAL_PARTICIPATION, "Jumlah kegiatan hubungan antar lembaga", "kegiatan", "higher", "activities"),
    ("IK-04", GOAL_PARTICIPATION, "Jumlah lembaga mitra yang dilibatkan", "lembaga", "higher", "distinct_partners"),
    (
        "IK-05",
        GOAL_PARTICIPATION,
        "Jumlah kegiatan bersama lembaga pemantau pemilu",
        "kegiatan",
        "higher",
        "monitoring_activities",
    ),
    (
        "IK-06",
        GOAL_HANDLING,
        "Jumlah laporan/informasi awal dugaan pelanggaran dari mitra",
        "laporan",
        "higher",
        "violation_reports",
    ),
    ("IK-07", GOAL_ACCOUNTABILITY, "Persentase kegiatan yang didukung bukti dukung", "%", "higher", "evidence_share"),
    (
        "IK-08",
        GOAL_ACCOUNTABILITY,
        "Jumlah keluhan lembaga mitra atas layanan kerja sama",
        "keluhan",
        "lower",
        "manual",
    ),
]


def create(apps, schema_editor):
    Indicator = apps.get_model("reports", "PerformanceIndicator")
    for order, (code, goal, name, unit, polarity, source) in enumerate(INDICATORS, start=1):
        Indicator.objects.get_or_create(
            code=code,
            defaults={
                "strategic_goal": goal,
                "name": name,
                "unit": unit,
                "polarity": polarity,
                "source": source,
                "order": order,
            },
        )


def remove(apps, schema_editor):
    apps.get_model("reports", "PerformanceIndicator").objects.filter(code__in=[i[0] for i in INDICATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
