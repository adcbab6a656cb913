"""Code lists of the Hubal domain (identifiers in English, labels in Bahasa Indonesia)."""

from django.db import models


class OfficeKind(models.TextChoices):
    PROVINCE = "provinsi", "Provinsi"
    REGENCY = "kabupaten", "Kabupaten"
    CITY = "kota", "Kota"


class Role(models.TextChoices):
    STAFF = "staff", "Staf Hubal kab/kota"
    VERIFIER = "verifier", "Verifikator provinsi"
    LEADER = "leader", "Pimpinan"


class PartnerCategory(models.TextChoices):
    CENTRAL_GOVERNMENT = "central_gov", "Kementerian/lembaga pusat"
    LOCAL_GOVERNMENT = "local_gov", "Pemerintah daerah"
    SECURITY = "tni_polri", "TNI/Polri"
    LAW_ENFORCEMENT = "prosecutor_court", "Kejaksaan dan pengadilan"
    ELECTION_BODY = "election_body", "Penyelenggara pemilu (KPU/DKPP)"
    UNIVERSITY = "university", "Perguruan tinggi"
    MONITORING_ORG = "monitoring_org", "Lembaga pemantau pemilu"
    MASS_ORG = "mass_org", "Organisasi kemasyarakatan"
    RELIGIOUS_ORG = "religious_org", "Organisasi keagamaan"
    YOUTH_ORG = "youth_org", "Organisasi kepemudaan/mahasiswa"
    MEDIA = "media", "Media massa"
    NGO = "ngo", "Lembaga swadaya masyarakat"
    PRIVATE = "private", "Swasta"
    OTHER = "other", "Lainnya"


class PartnerLevel(models.TextChoices):
    NATIONAL = "national", "Nasional"
    PROVINCIAL = "provincial", "Provinsi"
    LOCAL = "local", "Kabupaten/kota"


class AgreementKind(models.TextChoices):
    MOU = "mou", "Nota Kesepahaman (MoU)"
    PKS = "pks", "Perjanjian Kerja Sama (PKS)"
    NOTA_KESEPAKATAN = "nota_kesepakatan", "Nota Kesepakatan"
    OTHER = "other", "Lainnya"


class FocusArea(models.TextChoices):
    # Codes must not be substrings of one another: they are stored comma-delimited.
    PREVENTION = "prevention", "Pencegahan pelanggaran"
    HANDLING = "handling", "Penanganan pelanggaran"
    PARTICIPATORY = "participatory", "Pengawasan partisipatif"
    VOTER_EDUCATION = "voter_education", "Pendidikan pemilih"
    SOCIALISATION = "socialisation", "Sosialisasi"
    DISPUTE = "dispute", "Penyelesaian sengketa"
    CAPACITY = "capacity", "Peningkatan kapasitas"
    DATA = "data_info", "Data dan informasi"


class ActivityKind(models.TextChoices):
    COORDINATION = "coordination", "Rapat koordinasi"
    AUDIENCE = "audience", "Audiensi"
    SOCIALISATION = "socialisation", "Sosialisasi"
    TRAINING = "training", "Bimtek/pelatihan"
    FGD = "fgd", "FGD"
    JOINT_SUPERVISION = "joint_supervision", "Pengawasan bersama"
    SIGNING = "signing", "Penandatanganan kerja sama"
    WORKING_VISIT = "working_visit", "Kunjungan kerja"
    OTHER = "other", "Lainnya"


class ElectionStage(models.TextChoices):
    PRE_STAGE = "pre_stage", "Pra-tahapan"
    VOTER_LIST = "voter_list", "Pemutakhiran data pemilih"
    CANDIDACY = "candidacy", "Pencalonan"
    CAMPAIGN = "campaign", "Kampanye"
    QUIET_PERIOD = "quiet_period", "Masa tenang"
    VOTING = "voting", "Pemungutan dan penghitungan suara"
    RECAPITULATION = "recapitulation", "Rekapitulasi"
    DISPUTES = "disputes", "Sengketa/pascapemilu"


class IkpDimension(models.TextChoices):
    SOCIAL_POLITICAL = "social_political", "Konteks Sosial dan Politik"
    ADMINISTRATION = "administration", "Penyelenggaraan Pemilu"
    CONTESTATION = "contestation", "Kontestasi"
    PARTICIPATION = "participation", "Partisipasi"


class VerificationStatus(models.TextChoices):
    DRAFT = "draft", "Draf"
    SUBMITTED = "submitted", "Diajukan"
    VERIFIED = "verified", "Terverifikasi"
    RETURNED = "returned", "Dikembalikan"


class AgreementStatus(models.TextChoices):
    NOT_YET_VALID = "not_yet_valid", "Belum berlaku"
    ACTIVE = "active", "Aktif"
    EXPIRING = "expiring", "Akan berakhir"
    EXPIRED = "expired", "Berakhir"
    TERMINATED = "terminated", "Diakhiri"


class EvidenceKind(models.TextChoices):
    SIGNED_DOCUMENT = "signed_document", "Dokumen bertanda tangan"
    PHOTO = "photo", "Foto"
    MINUTES = "minutes", "Notulen"
    ATTENDANCE = "attendance", "Daftar hadir"
    ASSIGNMENT_LETTER = "assignment_letter", "Surat tugas"
    REPORT = "report", "Laporan"
    OTHER = "other", "Lainnya"


class VerificationAction(models.TextChoices):
    SUBMIT = "submit", "Diajukan"
    VERIFY = "verify", "Diverifikasi"
    RETURN = "return", "Dikembalikan"
    REOPEN = "reopen", "Kembali ke draf karena diubah"
    UNDO = "undo", "Verifikasi dibatalkan"


class NotificationTopic(models.TextChoices):
    RETURNED = "returned", "Dikembalikan"
    VERIFIED = "verified", "Diverifikasi"
    EXPIRING = "expiring", "Akan berakhir"
    IMPORTED = "imported", "Impor selesai"
    MERGED = "merged", "Mitra digabung"
