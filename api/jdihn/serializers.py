"""The JDIHN document as the OpenAPI schema describes it (every field a string, as JDIH feeds publish them)."""

from __future__ import annotations

from rest_framework import serializers

HELP = {
    "idData": "Id dokumen di portal ini (id kerja sama), tetap selama dokumen ada.",
    "tahun_pengundangan": "Tahun penandatanganan (atau tahun mulai berlaku bila tanggal tanda tangan kosong).",
    "tanggal_pengundangan": "Tanggal penandatanganan, YYYY-MM-DD (atau tanggal mulai berlaku).",
    "jenis": "Jenis dokumen: Nota Kesepahaman, Perjanjian Kerja Sama, Nota Kesepakatan, Dokumen Kerja Sama.",
    "singkatanJenis": "Singkatan jenis: MoU, PKS, NK, DKS.",
    "noPeraturan": "Nomor dokumen Bawaslu; '-' bila tidak ada.",
    "judul": "Judul kerja sama.",
    "tempatTerbit": "Wilayah kantor penerbit, mis. 'Kota Depok'.",
    "sumber": "Sumber dokumen: arsip kerja sama kantor penerbit.",
    "subjek": "Ruang lingkup kerja sama (huruf besar, dipisah koma).",
    "status": "'Berlaku' atau 'Tidak Berlaku' (berakhir atau diakhiri), dihitung hari ini (WIB).",
    "bahasa": "Bahasa dokumen: 'Indonesia'.",
    "bidangHukum": "Bidang hukum: 'Hukum Tata Negara' (pemilu dan pengawasannya).",
    "teuBadan": "T.E.U. badan: nama lengkap kantor Bawaslu penerbit.",
    "fileDownload": "Nama berkas dokumen bertanda tangan; kosong bila belum diunggah.",
    "urlDownload": "URL publik dokumen bertanda tangan; kosong bila belum diunggah.",
    "urlDetailPeraturan": "URL halaman katalog kerja sama ini.",
    "operasi": "Kode operasi integrasi JDIHN: selalu '4'.",
    "display": "Ditampilkan: selalu '1'.",
}


class JdihnDocumentSerializer(serializers.Serializer):
    """One document of the JDIHN integration feed (docs/dev/jdihn.md)."""

    def get_fields(self):
        return {name: serializers.CharField(allow_blank=True, help_text=text) for name, text in HELP.items()}
