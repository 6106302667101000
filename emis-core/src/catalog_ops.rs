//! Issue codes of the operator's companion (`daftar`: the registration packet check). Kept
//! apart from `catalog.rs` while that table is being restructured; the lead wires
//! [`EXTRA_RULES`] into the catalogue at merge. `{detail}` in a message is filled by the caller.

use crate::catalog::{RuleDef, Scope, Severity};

const fn row(
    code: &'static str,
    severity: Severity,
    field: &'static str,
    message_id: &'static str,
    message_en: &'static str,
    hint_id: &'static str,
    hint_en: &'static str,
) -> RuleDef {
    RuleDef {
        code,
        rule: 0,
        severity,
        scope: Scope::Record,
        field,
        message_id,
        message_en,
        hint_id,
        hint_en,
    }
}

use Severity::{Invalid, Warning};

/// The registration packet's codes.
#[rustfmt::skip]
pub const EXTRA_RULES: &[RuleDef] = &[
    row("daftar.jenis_tidak_dikenal", Invalid, "lembaga.jenis",
        "Jenis lembaga tidak dikenal: {detail}", "Unknown lembaga kind: {detail}",
        "Tulis salah satu: pontren, pkpps, spm, pdf, mahad aly, lpq, mdt (atau nomor 1-7).",
        "Use one of: pontren, pkpps, spm, pdf, mahad aly, lpq, mdt (or 1-7)."),
    row("daftar.nomor_kosong", Invalid, "lembaga.nomor_statistik",
        "Nomor statistik (NSPP/NSM/NSMDT) atau NPSN wajib diisi", "A statistic number or NPSN is required",
        "Salin nomor dari SK izin operasional atau piagam.", "Copy it from the SK or piagam."),
    row("daftar.nomor_tidak_valid", Invalid, "lembaga.nomor_statistik",
        "Nomor statistik tidak valid ({detail})", "Invalid statistic number ({detail})",
        "Periksa 12 digit nomor pada SK/piagam; `emis check nspp NOMOR` menjelaskan bagiannya.",
        "Check the 12 digits; `emis check nspp NUMBER` explains its parts."),
    row("daftar.nomor_jenis_beda", Invalid, "lembaga.nomor_statistik",
        "Kode jenis pada nomor statistik menunjuk {detail}, bukan jenis lembaga yang diisi",
        "The statistic number's kind code points to {detail}, not the kind given",
        "Periksa jenis lembaga atau nomornya; portal menolak pendaftaran yang tidak cocok.",
        "Check the kind or the number; the portal refuses a mismatch."),
    row("daftar.npsn_tidak_valid", Invalid, "lembaga.npsn",
        "NPSN tidak valid ({detail})", "Invalid NPSN ({detail})",
        "NPSN 8 digit, lihat referensi.data.kemdikbud.go.id atau SK.", "An NPSN has 8 digits."),
    row("daftar.npsn_dianjurkan", Warning, "lembaga.npsn",
        "SPM dan PDF biasanya juga memiliki NPSN", "SPM and PDF usually also have an NPSN",
        "Isi NPSN bila ada.", "Fill in the NPSN if there is one."),
    row("daftar.nama_kosong", Invalid, "lembaga.nama",
        "Nama lembaga wajib diisi", "The lembaga's name is required",
        "Tulis persis seperti pada SK/piagam.", "Write it exactly as in the SK/piagam."),
    row("daftar.nama_beda_sk", Invalid, "lembaga.nama",
        "Nama lembaga berbeda dari yang tertulis di SK/piagam", "The name differs from the SK/piagam",
        "Samakan dengan SK/piagam (ejaan, singkatan, tanda baca).", "Make it match the SK/piagam."),
    row("daftar.alamat_kosong", Invalid, "lembaga.alamat",
        "Alamat lembaga wajib diisi", "The address is required",
        "Tulis seperti pada SK/piagam.", "Write it as in the SK/piagam."),
    row("daftar.alamat_beda_sk", Warning, "lembaga.alamat",
        "Alamat berbeda dari yang tertulis di SK/piagam", "The address differs from the SK/piagam",
        "Bila lembaga pindah, siapkan SK perubahan; bila tidak, samakan.", "If the lembaga moved, bring the new SK."),
    row("daftar.spasi_berlebih", Warning, "lembaga.nama",
        "Ada spasi berlebih di {detail}", "Extra spaces in {detail}",
        "Hapus spasi ganda dan spasi di awal/akhir.", "Remove double and surrounding spaces."),
    row("daftar.sk_nomor_kosong", Invalid, "sk.nomor",
        "Nomor SK izin operasional/piagam wajib diisi", "The SK/piagam number is required",
        "Salin dari SK/piagam.", "Copy it from the SK/piagam."),
    row("daftar.sk_tanggal_tidak_valid", Invalid, "sk.tanggal",
        "Tanggal SK tidak valid: {detail} (format TTTT-BB-HH)", "Invalid SK date: {detail} (YYYY-MM-DD)",
        "Tulis tanggal seperti 2020-01-15.", "Write it like 2020-01-15."),
    row("daftar.sk_tanggal_masa_depan", Invalid, "sk.tanggal",
        "Tanggal SK di masa depan", "The SK date is in the future",
        "Periksa tahun dan bulan.", "Check the year and month."),
    row("daftar.operator_nama_kosong", Invalid, "operator.nama",
        "Nama operator wajib diisi", "The operator's name is required",
        "Tulis seperti pada KTP.", "Write it as on the ID card."),
    row("daftar.nik_operator_tidak_valid", Invalid, "operator.nik",
        "NIK operator tidak valid ({detail})", "Invalid operator NIK ({detail})",
        "Salin 16 digit dari KTP; `emis check nik` menjelaskan.", "Copy the 16 digits from the ID card."),
    row("daftar.email_tidak_valid", Invalid, "operator.email",
        "Email operator tidak valid", "Invalid operator e-mail",
        "Email aktif yang dibaca operator: pemberitahuan persetujuan dikirim ke sana.",
        "An e-mail the operator reads: the approval is sent there."),
    row("daftar.telepon_tidak_valid", Invalid, "operator.telepon",
        "Nomor telepon tidak valid (contoh 081234567890 atau +6281234567890)",
        "Invalid phone number (e.g. 081234567890 or +6281234567890)",
        "Nomor HP aktif, 10-13 digit, diawali 08 atau +628.", "An active mobile number."),
    row("daftar.surat_tugas_kosong", Invalid, "surat_tugas.berkas",
        "Berkas surat tugas belum disebut", "No surat tugas file given",
        "Pindai surat tugas dari pimpinan (PDF/JPG, paling besar 2 MB) dan sebut namanya.",
        "Scan the surat tugas (PDF/JPG, up to 2 MB) and name it."),
    row("daftar.surat_tugas_tidak_ada", Invalid, "surat_tugas.berkas",
        "Berkas surat tugas tidak ditemukan: {detail}", "The surat tugas file is missing: {detail}",
        "Periksa nama dan foldernya (relatif terhadap berkas paket).", "Check the name and folder."),
    row("daftar.surat_tugas_jenis", Invalid, "surat_tugas.berkas",
        "Surat tugas harus PDF atau JPG (isi berkas: {detail})", "The surat tugas must be a PDF or JPG ({detail})",
        "Simpan ulang sebagai PDF atau JPG.", "Save it again as PDF or JPG."),
    row("daftar.surat_tugas_terlalu_besar", Invalid, "surat_tugas.berkas",
        "Surat tugas terlalu besar ({detail}); paling besar 2 MB", "The surat tugas is too large ({detail}); at most 2 MB",
        "Pindai ulang dengan resolusi lebih rendah (150 dpi cukup) atau kompres PDF-nya.",
        "Scan again at a lower resolution (150 dpi) or compress the PDF."),
    row("daftar.surat_tugas_kosong_isi", Invalid, "surat_tugas.berkas",
        "Berkas surat tugas kosong (0 byte)", "The surat tugas file is empty",
        "Pindai ulang.", "Scan it again."),
];

/// The row of a code.
pub fn rule(code: &str) -> Option<&'static RuleDef> {
    EXTRA_RULES.iter().find(|r| r.code == code)
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_unique_and_filled() {
        let mut seen = std::collections::BTreeSet::new();
        for r in super::EXTRA_RULES {
            assert!(seen.insert(r.code), "{} twice", r.code);
            assert!(!r.message_id.is_empty() && !r.message_en.is_empty() && !r.hint_id.is_empty());
            // Not in the main catalogue (no clash when the lead merges them).
            assert!(crate::catalog::rule(r.code).is_none(), "{}", r.code);
        }
    }
}
