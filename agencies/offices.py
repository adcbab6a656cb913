"""The 28 Bawaslu offices of West Java with their Kemendagri region codes (see DOMAIN.md)."""

PROVINCE = ("32", "provinsi", "Jawa Barat")

REGENCIES_AND_CITIES = [
    ("32.01", "kabupaten", "Bogor"),
    ("32.02", "kabupaten", "Sukabumi"),
    ("32.03", "kabupaten", "Cianjur"),
    ("32.04", "kabupaten", "Bandung"),
    ("32.05", "kabupaten", "Garut"),
    ("32.06", "kabupaten", "Tasikmalaya"),
    ("32.07", "kabupaten", "Ciamis"),
    ("32.08", "kabupaten", "Kuningan"),
    ("32.09", "kabupaten", "Cirebon"),
    ("32.10", "kabupaten", "Majalengka"),
    ("32.11", "kabupaten", "Sumedang"),
    ("32.12", "kabupaten", "Indramayu"),
    ("32.13", "kabupaten", "Subang"),
    ("32.14", "kabupaten", "Purwakarta"),
    ("32.15", "kabupaten", "Karawang"),
    ("32.16", "kabupaten", "Bekasi"),
    ("32.17", "kabupaten", "Bandung Barat"),
    ("32.18", "kabupaten", "Pangandaran"),
    ("32.71", "kota", "Bogor"),
    ("32.72", "kota", "Sukabumi"),
    ("32.73", "kota", "Bandung"),
    ("32.74", "kota", "Cirebon"),
    ("32.75", "kota", "Bekasi"),
    ("32.76", "kota", "Depok"),
    ("32.77", "kota", "Cimahi"),
    ("32.78", "kota", "Tasikmalaya"),
    ("32.79", "kota", "Banjar"),
]

KIND_LABEL = {"provinsi": "Provinsi", "kabupaten": "Kabupaten", "kota": "Kota"}


def display_name(kind: str, region: str) -> str:
    return f"Bawaslu {KIND_LABEL[kind]} {region}"
