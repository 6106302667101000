//! The registration packet ("berkas pendaftaran akun"): before an operator submits the account
//! request in the portal (no public API; the kab/kota office approves it, often after a queue),
//! check everything the office will check — the lembaga's kind and number against the kind's
//! rules, name and address as in the SK/piagam, the SK's number and date, the operator's NIK,
//! e-mail and phone, and the surat tugas file (present, PDF or JPG, at most 2 MB).
//!
//! Pure: the caller reads the packet file and gives the surat tugas file's facts
//! ([`FileFacts`]); findings carry codes of [`crate::catalog::codes`].

use crate::catalog::{Code, codes};
use crate::catalog::{Lang, Severity};
use crate::date::Date;
use crate::id::{self, CheckOptions, IdKind};
use crate::model::LembagaKind;
use serde::{Deserialize, Serialize};

/// Largest surat tugas the portal takes (2 MB, as the simulator's registration endpoint).
pub const MAX_SURAT_BYTES: u64 = 2 * 1024 * 1024;

/// The packet file (`daftar.toml` or `.json`). Every field optional: a missing one is a finding,
/// not a parse error.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Packet {
    /// The lembaga.
    pub lembaga: PacketLembaga,
    /// The SK izin operasional or piagam.
    pub sk: PacketSk,
    /// The operator who will hold the account.
    pub operator: PacketOperator,
    /// The surat tugas from the lembaga's head.
    pub surat_tugas: PacketFile,
}

/// `[lembaga]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PacketLembaga {
    /// Kind: `pontren`, `pkpps`, `spm`, `pdf`, `mahad aly`, `lpq`, `mdt` or 1-7.
    pub jenis: Option<String>,
    /// NSPP / NSM / NSMDT.
    pub nomor_statistik: Option<String>,
    /// NPSN.
    pub npsn: Option<String>,
    /// Name as typed for the portal.
    pub nama: Option<String>,
    /// Address as typed for the portal.
    pub alamat: Option<String>,
}

/// `[sk]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PacketSk {
    /// SK number.
    pub nomor: Option<String>,
    /// SK date, `YYYY-MM-DD`.
    pub tanggal: Option<String>,
    /// The lembaga's name as printed in the SK (to compare).
    pub nama_di_sk: Option<String>,
    /// The address as printed in the SK (to compare).
    pub alamat_di_sk: Option<String>,
}

/// `[operator]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PacketOperator {
    /// Name.
    pub nama: Option<String>,
    /// NIK.
    pub nik: Option<String>,
    /// E-mail (the login).
    pub email: Option<String>,
    /// Mobile phone.
    pub telepon: Option<String>,
}

/// `[surat_tugas]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PacketFile {
    /// File path, relative to the packet file.
    pub berkas: Option<String>,
}

/// What the caller found about the surat tugas file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFacts {
    /// The file exists and is readable.
    pub exists: bool,
    /// Size in bytes.
    pub size: u64,
    /// Its first bytes (8 are enough).
    pub head: Vec<u8>,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Code (in [`crate::catalog::codes`]).
    pub code: &'static str,
    /// Severity.
    pub severity: Severity,
    /// Packet field.
    pub field: &'static str,
    /// What fills `{detail}` (never a personal value).
    pub detail: String,
}

impl Finding {
    fn new(code: Code, detail: impl Into<String>) -> Finding {
        let r = code.def();
        Finding {
            code: code.emit(),
            severity: r.severity,
            field: r.field,
            detail: detail.into(),
        }
    }
    /// The message in a language.
    pub fn message(&self, lang: Lang) -> String {
        crate::catalog::rule(self.code)
            .map(|r| r.message(lang).replace("{detail}", &self.detail))
            .unwrap_or_else(|| self.code.to_string())
    }
    /// What to do, in a language.
    pub fn hint(&self, lang: Lang) -> &'static str {
        crate::catalog::rule(self.code).map_or("", |r| r.hint(lang))
    }
}

fn text(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Upper-case, one space between words, no punctuation: how two spellings of a name compare.
fn normal(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn extra_spaces(s: &str) -> bool {
    s != s.trim() || s.contains("  ")
}

/// The issue codes of an identifier check, joined (no value).
fn codes(kind: IdKind, value: &str, today: Date) -> Option<String> {
    let r = id::check(kind, value, &CheckOptions::new(today));
    (!r.is_valid()).then(|| {
        r.issues
            .iter()
            .filter(|i| i.severity == Severity::Invalid)
            .map(|i| i.code)
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// A mobile number: `08…`, `628…` or `+628…`, 10-13 digits in the `08…` form.
pub fn phone_ok(s: &str) -> bool {
    let t: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    let local = if let Some(r) = t.strip_prefix("+62") {
        format!("0{r}")
    } else if let Some(r) = t.strip_prefix("62") {
        format!("0{r}")
    } else {
        t
    };
    local.starts_with("08") && (10..=13).contains(&local.len()) && local.bytes().all(|b| b.is_ascii_digit())
}

/// A plausible e-mail address (one `@`, a dotted domain, no blanks).
pub fn email_ok(s: &str) -> bool {
    let Some((user, domain)) = s.split_once('@') else {
        return false;
    };
    !user.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(char::is_whitespace)
}

/// What the file's first bytes say it is.
fn file_kind(head: &[u8]) -> &'static str {
    if head.starts_with(b"%PDF") {
        "pdf"
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "jpg"
    } else if head.starts_with(b"\x89PNG") {
        "png"
    } else if head.starts_with(b"PK") {
        "zip/docx"
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        "doc"
    } else {
        "tidak dikenal"
    }
}

/// Checks a packet; `surat` is `None` when the packet names no file.
pub fn check_packet(p: &Packet, surat: Option<&FileFacts>, today: Date) -> Vec<Finding> {
    let mut out = Vec::new();
    let l = &p.lembaga;
    let kind = match text(&l.jenis) {
        Some(j) => match LembagaKind::parse(j) {
            Some(k) => Some(k),
            None => {
                out.push(Finding::new(codes::DAFTAR_JENIS_TIDAK_DIKENAL, j));
                None
            }
        },
        None => {
            out.push(Finding::new(codes::DAFTAR_JENIS_TIDAK_DIKENAL, "(kosong)"));
            None
        }
    };
    match (text(&l.nomor_statistik), text(&l.npsn)) {
        (None, None) => out.push(Finding::new(codes::DAFTAR_NOMOR_KOSONG, "")),
        (stat, npsn) => {
            if let Some(s) = stat {
                match codes(IdKind::NomorStatistik, s, today) {
                    Some(c) => out.push(Finding::new(codes::DAFTAR_NOMOR_TIDAK_VALID, c)),
                    None => {
                        let from_number = id::nomor_statistik::NomorStatistik::parse(s)
                            .ok()
                            .and_then(|n| n.lembaga_kind());
                        if let (Some(k), Some(n)) = (kind, from_number)
                            && k != n
                        {
                            out.push(Finding::new(codes::DAFTAR_NOMOR_JENIS_BEDA, n.short_name()));
                        }
                    }
                }
            }
            if let Some(n) = npsn
                && let Some(c) = codes(IdKind::Npsn, n, today)
            {
                out.push(Finding::new(codes::DAFTAR_NPSN_TIDAK_VALID, c));
            }
        }
    }
    if matches!(kind, Some(LembagaKind::Spm | LembagaKind::Pdf)) && text(&l.npsn).is_none() {
        out.push(Finding::new(codes::DAFTAR_NPSN_DIANJURKAN, ""));
    }
    compare_with_sk(&mut out, l.nama.as_deref(), p.sk.nama_di_sk.as_deref(), Field::Nama);
    compare_with_sk(
        &mut out,
        l.alamat.as_deref(),
        p.sk.alamat_di_sk.as_deref(),
        Field::Alamat,
    );

    if text(&p.sk.nomor).is_none() {
        out.push(Finding::new(codes::DAFTAR_SK_NOMOR_KOSONG, ""));
    }
    match text(&p.sk.tanggal).map(|t| (t, Date::parse(t))) {
        None => out.push(Finding::new(codes::DAFTAR_SK_TANGGAL_TIDAK_VALID, "(kosong)")),
        Some((t, Err(_))) => out.push(Finding::new(codes::DAFTAR_SK_TANGGAL_TIDAK_VALID, t)),
        Some((_, Ok(d))) if d > today => out.push(Finding::new(codes::DAFTAR_SK_TANGGAL_MASA_DEPAN, "")),
        Some(_) => {}
    }

    let o = &p.operator;
    if text(&o.nama).is_none() {
        out.push(Finding::new(codes::DAFTAR_OPERATOR_NAMA_KOSONG, ""));
    }
    match text(&o.nik) {
        None => out.push(Finding::new(codes::DAFTAR_NIK_OPERATOR_TIDAK_VALID, "kosong")),
        Some(n) => {
            if let Some(c) = codes(IdKind::Nik, n, today) {
                out.push(Finding::new(codes::DAFTAR_NIK_OPERATOR_TIDAK_VALID, c));
            }
        }
    }
    if !text(&o.email).is_some_and(email_ok) {
        out.push(Finding::new(codes::DAFTAR_EMAIL_TIDAK_VALID, ""));
    }
    if !text(&o.telepon).is_some_and(phone_ok) {
        out.push(Finding::new(codes::DAFTAR_TELEPON_TIDAK_VALID, ""));
    }

    match (text(&p.surat_tugas.berkas), surat) {
        (None, _) | (_, None) => out.push(Finding::new(codes::DAFTAR_SURAT_TUGAS_KOSONG, "")),
        (Some(name), Some(f)) if !f.exists => out.push(Finding::new(codes::DAFTAR_SURAT_TUGAS_TIDAK_ADA, name)),
        (Some(_), Some(f)) => {
            let k = file_kind(&f.head);
            if f.size == 0 {
                out.push(Finding::new(codes::DAFTAR_SURAT_TUGAS_KOSONG_ISI, ""));
            } else if !matches!(k, "pdf" | "jpg") {
                out.push(Finding::new(codes::DAFTAR_SURAT_TUGAS_JENIS, k));
            }
            if f.size > MAX_SURAT_BYTES {
                out.push(Finding::new(
                    codes::DAFTAR_SURAT_TUGAS_TERLALU_BESAR,
                    format!("{:.1} MB", f.size as f64 / (1024.0 * 1024.0)),
                ));
            }
        }
    }
    out
}

#[derive(Clone, Copy)]
enum Field {
    Nama,
    Alamat,
}

fn compare_with_sk(out: &mut Vec<Finding>, typed: Option<&str>, in_sk: Option<&str>, field: Field) {
    let (empty, differs, label) = match field {
        Field::Nama => (codes::DAFTAR_NAMA_KOSONG, codes::DAFTAR_NAMA_BEDA_SK, "nama"),
        Field::Alamat => (codes::DAFTAR_ALAMAT_KOSONG, codes::DAFTAR_ALAMAT_BEDA_SK, "alamat"),
    };
    let Some(t) = typed.filter(|t| !t.trim().is_empty()) else {
        out.push(Finding::new(empty, ""));
        return;
    };
    if extra_spaces(t) {
        out.push(Finding::new(codes::DAFTAR_SPASI_BERLEBIH, label));
    }
    if let Some(sk) = in_sk.filter(|s| !s.trim().is_empty())
        && normal(sk) != normal(t)
    {
        out.push(Finding::new(differs, ""));
    }
}

/// The portal's steps, in order (Bahasa Indonesia, English).
pub const PORTAL_STEPS: &[(&str, &str)] = &[
    (
        "Siapkan: SK izin operasional/piagam, nomor statistik (NSPP/NSM/NSMDT) atau NPSN, surat tugas dari pimpinan (PDF/JPG, paling besar 2 MB), KTP operator, email dan nomor HP aktif.",
        "Prepare: the SK/piagam, the statistic number or NPSN, the surat tugas (PDF/JPG, up to 2 MB), the operator's ID card, an active e-mail and phone.",
    ),
    (
        "Buka https://emis.kemenag.go.id, pilih Daftar / Registrasi akun lembaga Pendidikan Pesantren.",
        "Open https://emis.kemenag.go.id and choose the lembaga account registration (Pendidikan Pesantren).",
    ),
    (
        "Pilih jenis lembaga, isi nomor statistik/NPSN; periksa nama dan alamat yang muncul sama dengan SK/piagam.",
        "Choose the kind, enter the number; check the name and address shown match the SK/piagam.",
    ),
    (
        "Isi data operator (nama, NIK, email, HP) persis seperti di berkas ini, unggah surat tugas, kirim.",
        "Fill in the operator's data exactly as in this packet, upload the surat tugas, submit.",
    ),
    (
        "Tunggu verifikasi Kemenag kab/kota (sering antre beberapa hari); pemberitahuan dikirim ke email. `emis daftar --cek` mencoba login dengan sopan dan memberi tahu bila akun sudah aktif.",
        "Wait for the kab/kota office's approval (often days); `emis daftar --cek` tries the login politely and tells when the account works.",
    ),
    (
        "Setelah disetujui: login, ganti kata sandi, lalu jalankan `emis doctor` dan `emis sync --dry-run`.",
        "Once approved: log in, change the password, then run `emis doctor` and `emis sync --dry-run`.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 12, 6).unwrap()
    }

    fn good() -> Packet {
        Packet {
            lembaga: PacketLembaga {
                jenis: Some("pontren".into()),
                nomor_statistik: Some("510035150001".into()),
                npsn: None,
                nama: Some("PP Al-Ikhlas".into()),
                alamat: Some("Jl. Masjid No. 1".into()),
            },
            sk: PacketSk {
                nomor: Some("B-123/Kk.13.15/PP.00/2020".into()),
                tanggal: Some("2020-01-15".into()),
                nama_di_sk: Some("PP AL IKHLAS".into()),
                alamat_di_sk: None,
            },
            operator: PacketOperator {
                nama: Some("Operator Uji".into()),
                nik: Some("3517011708080001".into()),
                email: Some("operator@example.id".into()),
                telepon: Some("+62 812-3456-7890".into()),
            },
            surat_tugas: PacketFile {
                berkas: Some("surat.pdf".into()),
            },
        }
    }

    fn pdf(size: u64) -> FileFacts {
        FileFacts {
            exists: true,
            size,
            head: b"%PDF-1.7".to_vec(),
        }
    }

    fn codes_of(f: &[Finding]) -> Vec<&'static str> {
        f.iter().map(|x| x.code).collect()
    }

    #[test]
    fn a_good_packet_passes() {
        let f = check_packet(&good(), Some(&pdf(200_000)), today());
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn every_problem_is_reported() {
        let mut p = good();
        p.lembaga.jenis = Some("mdt".into());
        p.lembaga.nama = Some("PP  Al-Hikmah ".into());
        p.sk.tanggal = Some("2027-01-01".into());
        p.operator.nik = Some("3517013002080001".into());
        p.operator.email = Some("operator@".into());
        p.operator.telepon = Some("12345".into());
        let f = check_packet(&p, Some(&pdf(3 * 1024 * 1024)), today());
        let c = codes_of(&f);
        for want in [
            "daftar.nomor_jenis_beda",
            "daftar.spasi_berlebih",
            "daftar.nama_beda_sk",
            "daftar.sk_tanggal_masa_depan",
            "daftar.nik_operator_tidak_valid",
            "daftar.email_tidak_valid",
            "daftar.telepon_tidak_valid",
            "daftar.surat_tugas_terlalu_besar",
        ] {
            assert!(c.contains(&want), "{want} missing: {c:?}");
        }
        // No personal value in any message.
        for x in &f {
            assert!(!x.message(Lang::Id).contains("3517013002080001"));
            assert!(!x.hint(Lang::En).is_empty());
        }
    }

    #[test]
    fn numbers_addresses_and_an_empty_scan() {
        let mut p = good();
        p.lembaga.nomor_statistik = Some("51003515".into());
        p.lembaga.npsn = Some("1234".into());
        p.sk.alamat_di_sk = Some("Jl. Pesantren No. 9".into());
        let c = codes_of(&check_packet(&p, Some(&pdf(0)), today()));
        for want in [
            "daftar.nomor_tidak_valid",
            "daftar.npsn_tidak_valid",
            "daftar.alamat_beda_sk",
            "daftar.surat_tugas_kosong_isi",
        ] {
            assert!(c.contains(&want), "{want}: {c:?}");
        }
        let mut spm = good();
        spm.lembaga.jenis = Some("spm".into());
        spm.lembaga.nomor_statistik = None;
        spm.lembaga.npsn = None;
        let c = codes_of(&check_packet(&spm, Some(&pdf(1000)), today()));
        assert!(c.contains(&"daftar.nomor_kosong"), "{c:?}");
        let mut spm = good();
        spm.lembaga.jenis = Some("spm".into());
        let c = codes_of(&check_packet(&spm, Some(&pdf(1000)), today()));
        assert!(c.contains(&"daftar.npsn_dianjurkan"), "{c:?}");
    }

    #[test]
    fn files_and_empty_packets() {
        let p = Packet::default();
        let c = codes_of(&check_packet(&p, None, today()));
        for want in [
            "daftar.jenis_tidak_dikenal",
            "daftar.nomor_kosong",
            "daftar.nama_kosong",
            "daftar.alamat_kosong",
            "daftar.sk_nomor_kosong",
            "daftar.surat_tugas_kosong",
        ] {
            assert!(c.contains(&want), "{want}: {c:?}");
        }
        let png = FileFacts {
            exists: true,
            size: 10,
            head: b"\x89PNG\r\n".to_vec(),
        };
        let c = codes_of(&check_packet(&good(), Some(&png), today()));
        assert_eq!(c, vec!["daftar.surat_tugas_jenis"]);
        let missing = FileFacts {
            exists: false,
            size: 0,
            head: vec![],
        };
        let c = codes_of(&check_packet(&good(), Some(&missing), today()));
        assert_eq!(c, vec!["daftar.surat_tugas_tidak_ada"]);
    }

    #[test]
    fn phones_and_emails() {
        for ok in ["081234567890", "+6281234567890", "62 812 3456 789", "0812-3456-78"] {
            assert!(phone_ok(ok), "{ok}");
        }
        for bad in ["", "0212345678x", "0712345678", "08123", "+1 555 0100"] {
            assert!(!phone_ok(bad), "{bad}");
        }
        assert!(email_ok("a.b@pesantren.sch.id"));
        for bad in ["a@b", "a b@c.id", "@c.id", "a@.id", "a@@c.id"] {
            assert!(!email_ok(bad), "{bad}");
        }
    }
}
