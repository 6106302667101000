//! `emis check <kind> <value>` and `emis check <kind> --stdin`: one identifier, or a stream of
//! them, one per line.

use crate::cli::{ARGS, HELP_TEMPLATE, OPTIONS};
use crate::output::{
    self, CliError, EXIT_INVALID, EXIT_OK, display_value, severity_label, tr, verdict_label, write_json_body,
    write_json_str,
};
use clap::{Args, ValueEnum};
use emis_core::catalog::{self, RULES, Scope};
use emis_core::date::Date;
use emis_core::id::{self, CheckOptions, IdKind, IdReport};
use emis_core::report::verdict_of;
use emis_core::{Issue, Lang, Severity, Verdict};
use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::{self, BufRead, BufReader, BufWriter, Write};

const TITLE: &str = "emis check — periksa satu nomor identitas, atau banyak nomor dari stdin \
                     / check one identifier, or one per line from stdin";

const USAGE: &str = "emis check <jenis> <nilai> [opsi]\n  emis check <jenis> --stdin [opsi]";

const AFTER: &str = "\
Jenis / kinds:
  nik     Nomor Induk Kependudukan (16 digit)
  kk      Nomor Kartu Keluarga (16 digit)
  nisn    Nomor Induk Siswa Nasional (10 digit)
  nip     NIP PNS / NI PPPK (18 digit)
  nuptk   NUPTK (16 digit)
  nspp    nomor statistik lembaga: NSPP, NSM, NSMDT (12 digit; juga: nsm, nsmdt)
  npsn    Nomor Pokok Sekolah Nasional (8 digit)
  nism    NISM / nomor induk santri (18 digit)

Spasi, titik dan tanda hubung dalam nomor diabaikan (5100.32.73.0145 = 510032730145).
Dengan --stdin --format jsonl setiap baris keluaran berbentuk
  {\"value\": <nilai seperti masukan>, \"valid\": bool, \"severity\": \"ok\"|\"warning\"|\"invalid\", \"codes\": [...]}
(nilai dikembalikan apa adanya, tidak disamarkan).

Kode keluar: 0 valid (peringatan boleh), 1 tidak valid, 2 salah pemakaian.

English: checks one identifier, or one per line from stdin. --format text|json|jsonl;
--show prints personal numbers in full (masked by default); --lang en for English messages.
Exit codes: 0 valid (warnings allowed), 1 invalid, 2 usage error.

Contoh / examples:
  emis check nik 3517011708080001
  emis check nip 199005052023211001 --lang en
  cut -d, -f2 santri.csv | emis check nik --stdin --format jsonl";

/// `emis check`.
#[derive(Debug, Args)]
#[command(before_help = TITLE, override_usage = USAGE, after_help = AFTER, help_template = HELP_TEMPLATE, next_line_help = true)]
pub struct CheckArgs {
    /// jenis nomor (lihat di bawah) / identifier kind
    #[arg(value_enum, ignore_case = true, value_name = "JENIS", help_heading = ARGS)]
    pub kind: KindArg,
    /// nomor yang diperiksa (tanpa --stdin) / the value (without --stdin)
    #[arg(value_name = "NILAI", help_heading = ARGS)]
    pub value: Option<OsString>,
    /// text (bawaan), json (IdReport), jsonl (satu objek JSON per baris) / output format
    #[arg(long, value_enum, ignore_case = true, value_name = "FORMAT", help_heading = OPTIONS)]
    pub format: Option<CheckFormat>,
    /// tampilkan nomor pribadi utuh (bawaan: disamarkan, mis. 3517**********01) / print personal numbers in full
    #[arg(long, help_heading = OPTIONS)]
    pub show: bool,
    /// baca satu nilai per baris dari stdin (format text atau jsonl) / one value per line from stdin
    #[arg(long, help_heading = OPTIONS)]
    pub stdin: bool,
    /// tanggal hari ini untuk pemeriksaan (bawaan: tanggal WIB sistem) / today's date for the checks
    #[arg(long, value_name = "TTTT-BB-HH", value_parser = crate::cli::date, help_heading = OPTIONS)]
    pub today: Option<Date>,
}

/// `--format` of `emis check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Jsonl,
}

/// The identifier kinds, with the names `IdKind::from_name` also accepts as aliases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Nik,
    #[value(alias = "no_kk", alias = "nokk", alias = "kk_num")]
    Kk,
    Nisn,
    #[value(alias = "ni_pppk", alias = "nipppk")]
    Nip,
    Nuptk,
    #[value(
        alias = "nsm",
        alias = "nsmdt",
        alias = "nsdt",
        alias = "nomor_statistik",
        alias = "statistic_num"
    )]
    Nspp,
    Npsn,
    #[value(alias = "nis", alias = "local_nis")]
    Nism,
}

impl From<KindArg> for IdKind {
    fn from(k: KindArg) -> IdKind {
        match k {
            KindArg::Nik => IdKind::Nik,
            KindArg::Kk => IdKind::Kk,
            KindArg::Nisn => IdKind::Nisn,
            KindArg::Nip => IdKind::Nip,
            KindArg::Nuptk => IdKind::Nuptk,
            KindArg::Nspp => IdKind::NomorStatistik,
            KindArg::Npsn => IdKind::Npsn,
            KindArg::Nism => IdKind::Nism,
        }
    }
}

/// Parts that would give away the hidden digits of a masked personal identifier.
const SENSITIVE_PARTS: &[&str] = &[
    "tanggal_lahir",
    "nomor_urut",
    "tmt",
    "tahun_pengangkatan",
    "tahun_masuk",
];

/// Runs `emis check`.
pub fn run(a: CheckArgs, lang: Lang) -> Result<u8, CliError> {
    let opts = CheckOptions::new(crate::cli::today(a.today));
    let show = a.show;
    let kind = IdKind::from(a.kind);
    if a.stdin {
        if let Some(extra) = &a.value {
            return Err(CliError::usage(
                format!(
                    "argumen berlebih: {} (--stdin membaca nilai dari stdin) / unexpected argument",
                    extra.to_string_lossy()
                ),
                "check",
            ));
        }
        let jsonl = match a.format {
            None | Some(CheckFormat::Text) => false,
            Some(CheckFormat::Jsonl) => true,
            Some(CheckFormat::Json) => {
                return Err(CliError::usage(
                    "--format dengan --stdin harus text atau jsonl (tertulis json) \
                     / --format with --stdin must be text or jsonl",
                    "check",
                ));
            }
        };
        return stream(kind, jsonl, show, lang, &opts);
    }
    let Some(value) = a.value else {
        return Err(CliError::usage(
            "nilai belum diisi (atau pakai --stdin) / missing value (or use --stdin)",
            "check",
        ));
    };
    // A value that is not UTF-8 is read lossily: U+FFFD makes it `karakter_tidak_valid`.
    let value = value.to_string_lossy();
    let report = id::check(kind, &value, &opts);
    let code = if report.is_valid() { EXIT_OK } else { EXIT_INVALID };
    let text = match a.format.unwrap_or(CheckFormat::Text) {
        CheckFormat::Json => {
            let mut r = report;
            if !show && kind.is_personal() {
                mask_parts(&mut r);
            }
            let mut s = serde_json::to_string_pretty(&r).map_err(|e| CliError::input(e.to_string()))?;
            s.push('\n');
            s
        }
        CheckFormat::Jsonl => {
            let mut v = Vec::new();
            write_jsonl(&mut v, &value, report.verdict, &report.issues)?;
            String::from_utf8_lossy(&v).into_owned()
        }
        CheckFormat::Text => render_text(kind, &value, &report, show, lang),
    };
    output::print(&text)?;
    Ok(code)
}

fn mask_parts(r: &mut IdReport) {
    for part in &mut r.parts {
        if SENSITIVE_PARTS.contains(&part.name) {
            part.value = "*".repeat(part.value.chars().count());
        }
    }
}

/// The readable verdict of one value.
fn render_text(kind: IdKind, value: &str, r: &IdReport, show: bool, lang: Lang) -> String {
    let mut s = String::new();
    let shown = display_value(kind, value, show);
    let shown = if shown.is_empty() {
        tr(lang, "(kosong)", "(empty)").to_string()
    } else {
        shown
    };
    let _ = writeln!(s, "{}: {shown}", kind.label());
    let _ = writeln!(s, "{}: {}", tr(lang, "Hasil", "Result"), verdict_label(r.verdict, lang));
    if !r.parts.is_empty() {
        let _ = writeln!(s, "\n{}:", tr(lang, "Bagian", "Parts"));
        let w = r.parts.iter().map(|p| p.name.len()).max().unwrap_or(0);
        for p in &r.parts {
            let v = if !show && kind.is_personal() && SENSITIVE_PARTS.contains(&p.name) {
                tr(lang, "(disamarkan; pakai --show)", "(masked; use --show)").to_string()
            } else {
                p.value.clone()
            };
            let _ = writeln!(s, "  {:w$}  {v}", p.name);
        }
    }
    if r.issues.is_empty() {
        let _ = writeln!(s, "\n{}", tr(lang, "Tidak ada masalah.", "No issues."));
    } else {
        let _ = writeln!(s, "\n{} ({}):", tr(lang, "Masalah", "Issues"), r.issues.len());
        for i in &r.issues {
            let _ = writeln!(s, "  [{}] {}", severity_label(i.severity, lang), i.code);
            let _ = writeln!(s, "    {}", i.message(lang));
            let hint = i.hint(lang);
            if !hint.is_empty() {
                let _ = writeln!(s, "    {}: {hint}", tr(lang, "Saran", "Hint"));
            }
        }
    }
    s
}

/// One JSON line: `{"value":…,"valid":…,"severity":…,"codes":[…]}`.
fn write_jsonl(out: &mut impl Write, value: &str, verdict: Verdict, issues: &[Issue]) -> io::Result<()> {
    const HEAD: &[u8] = b"{\"value\":\"";
    const CLEAN: &[u8] = b"\",\"valid\":true,\"severity\":\"ok\",\"codes\":[]}\n";
    // The common line (a clean identifier, nothing to escape) in one write.
    if issues.is_empty()
        && verdict == Verdict::Ok
        && value.len() <= 32
        && value.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        let mut line = [0u8; HEAD.len() + 32 + CLEAN.len()];
        let n = HEAD.len() + value.len();
        line[..HEAD.len()].copy_from_slice(HEAD);
        line[HEAD.len()..n].copy_from_slice(value.as_bytes());
        line[n..n + CLEAN.len()].copy_from_slice(CLEAN);
        return out.write_all(&line[..n + CLEAN.len()]);
    }
    out.write_all(HEAD)?;
    write_json_body(out, value)?;
    if issues.is_empty() && verdict == Verdict::Ok {
        return out.write_all(CLEAN);
    }
    out.write_all(match verdict {
        Verdict::Ok => b"\",\"valid\":true,\"severity\":\"ok\",\"codes\":[",
        Verdict::Warning => b"\",\"valid\":true,\"severity\":\"warning\",\"codes\":[",
        Verdict::Invalid => b"\",\"valid\":false,\"severity\":\"invalid\",\"codes\":[",
    })?;
    for (n, i) in issues.iter().enumerate() {
        if n > 0 {
            out.write_all(b",")?;
        }
        write_json_str(out, i.code)?;
    }
    out.write_all(b"]}\n")
}

/// One text line: `<value, masked>  <VERDICT>  <codes>`.
fn write_text_line(
    out: &mut impl Write,
    kind: IdKind,
    value: &str,
    verdict: Verdict,
    issues: &[Issue],
    show: bool,
    lang: Lang,
) -> io::Result<()> {
    let shown = display_value(kind, value, show);
    let shown = if shown.is_empty() {
        tr(lang, "(kosong)", "(empty)")
    } else {
        &shown
    };
    write!(out, "{shown}\t{}", verdict_label(verdict, lang))?;
    for (n, i) in issues.iter().enumerate() {
        out.write_all(if n == 0 { b"\t" } else { b", " })?;
        out.write_all(i.code.as_bytes())?;
    }
    out.write_all(b"\n")
}

/// The verdict of one streamed value: no issue at all (the common case, found without
/// allocating), or the issues.
enum Outcome {
    Clean,
    Issues(Vec<Issue>),
}

/// Classifies streamed values: the fast `is_valid` first; the issues path only when a value
/// is invalid or may carry a warning.
struct Classifier {
    kind: IdKind,
    opts: CheckOptions,
    /// Whether a valid value of this kind can still have an identifier-level warning.
    may_warn: bool,
}

impl Classifier {
    fn new(kind: IdKind, opts: CheckOptions) -> Classifier {
        Classifier {
            kind,
            opts,
            may_warn: kind_may_warn(kind),
        }
    }

    fn classify(&self, value: &str) -> Outcome {
        // NIK: one fused pass for the common case (16 plain digits, valid, current region).
        if self.kind == IdKind::Nik && id::nik::is_clean(value) {
            return Outcome::Clean;
        }
        if id::is_valid(self.kind, value) {
            let clean = match self.kind {
                // Valid but not clean (a retired region, spaces): its issues say why.
                IdKind::Nik => false,
                _ => !self.may_warn,
            };
            if clean {
                return Outcome::Clean;
            }
        }
        Outcome::Issues(match self.kind {
            IdKind::Nik => id::nik::issues(value),
            k => id::check(k, value, &self.opts).issues,
        })
    }
}

/// Whether the catalogue has an identifier-scope warning for this kind (by field or prefix).
fn kind_may_warn(kind: IdKind) -> bool {
    let prefix = kind.code_prefix();
    let field = catalog::rule(&format!("{prefix}.kosong")).map(|r| r.field);
    RULES.iter().any(|r| {
        r.scope == Scope::Identifier
            && r.severity == Severity::Warning
            && (Some(r.field) == field || r.code.split('.').next() == Some(prefix))
    })
}

/// Writes the verdict of each streamed line.
struct Streamer<W: Write> {
    out: W,
    classifier: Classifier,
    jsonl: bool,
    show: bool,
    lang: Lang,
    any_invalid: bool,
}

impl<W: Write> Streamer<W> {
    /// Complete lines, each ending with `\n`. UTF-8 is checked once for the whole chunk; only
    /// a chunk with invalid UTF-8 somewhere is checked line by line.
    fn chunk(&mut self, chunk: &[u8]) -> io::Result<()> {
        match std::str::from_utf8(chunk) {
            // Line ends found with memchr (SIMD): `split_terminator` was 8 % of the run.
            Ok(text) => {
                let mut start = 0;
                for end in memchr::memchr_iter(b'\n', chunk) {
                    self.line(&text[start..end])?;
                    start = end + 1;
                }
                if start < text.len() {
                    self.line(&text[start..])?;
                }
                Ok(())
            }
            Err(_) => chunk[..chunk.len().saturating_sub(1)]
                .split(|&b| b == b'\n')
                .try_for_each(|l| self.line_bytes(l)),
        }
    }

    /// One line without its `\n`, as bytes.
    fn line_bytes(&mut self, raw: &[u8]) -> io::Result<()> {
        match std::str::from_utf8(raw) {
            Ok(s) => self.line(s),
            Err(_) => {
                let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
                let kind = self.classifier.kind;
                let issue = Issue::new(kind.bad_char_code(), kind.code_prefix());
                self.write(&String::from_utf8_lossy(raw), &Outcome::Issues(vec![issue]))
            }
        }
    }

    /// One line without its `\n`.
    fn line(&mut self, line: &str) -> io::Result<()> {
        let value = line.strip_suffix('\r').unwrap_or(line);
        let outcome = self.classifier.classify(value);
        self.write(value, &outcome)
    }

    fn write(&mut self, value: &str, outcome: &Outcome) -> io::Result<()> {
        let (verdict, issues): (Verdict, &[Issue]) = match outcome {
            Outcome::Clean => (Verdict::Ok, &[]),
            Outcome::Issues(i) => (verdict_of(i), i),
        };
        self.any_invalid |= verdict == Verdict::Invalid;
        if self.jsonl {
            write_jsonl(&mut self.out, value, verdict, issues)
        } else {
            let kind = self.classifier.kind;
            write_text_line(&mut self.out, kind, value, verdict, issues, self.show, self.lang)
        }
    }
}

/// Streams stdin to stdout, one verdict per line, in order. Output is flushed whenever the
/// next read of stdin might block, so interactive and piped use see answers at once.
fn stream(kind: IdKind, jsonl: bool, show: bool, lang: Lang, opts: &CheckOptions) -> Result<u8, CliError> {
    let stdin = io::stdin();
    let mut input = BufReader::with_capacity(1 << 16, stdin.lock());
    let stdout = io::stdout();
    let mut s = Streamer {
        out: BufWriter::with_capacity(1 << 16, stdout.lock()),
        classifier: Classifier::new(kind, *opts),
        jsonl,
        show,
        lang,
        any_invalid: false,
    };
    // The start of a line whose end has not been read yet.
    let mut pending: Vec<u8> = Vec::new();
    let result = (|| -> io::Result<()> {
        loop {
            if input.buffer().is_empty() {
                s.out.flush()?;
            }
            let buf = match input.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                if !pending.is_empty() {
                    s.line_bytes(&pending)?;
                }
                return s.out.flush();
            }
            let used = match buf.iter().rposition(|&b| b == b'\n') {
                Some(last) => {
                    let mut rest = &buf[..=last];
                    if !pending.is_empty() {
                        let first = rest.iter().position(|&b| b == b'\n').unwrap_or(last);
                        pending.extend_from_slice(&rest[..first]);
                        s.line_bytes(&pending)?;
                        pending.clear();
                        rest = &rest[first + 1..];
                    }
                    s.chunk(rest)?;
                    last + 1
                }
                None => {
                    pending.extend_from_slice(buf);
                    buf.len()
                }
            };
            input.consume(used);
        }
    })();
    match result {
        Ok(()) => {}
        // The reader went away (`| head`): stop quietly.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(e.into()),
    }
    Ok(if s.any_invalid { EXIT_INVALID } else { EXIT_OK })
}

#[cfg(test)]
mod tests {
    use super::*;
    use emis_core::date::Date;

    fn opts() -> CheckOptions {
        CheckOptions::new(Date::new(2026, 11, 30).unwrap())
    }

    fn codes(o: &Outcome) -> Vec<&'static str> {
        match o {
            Outcome::Clean => Vec::new(),
            Outcome::Issues(i) => i.iter().map(|i| i.code).collect(),
        }
    }

    /// The fast path must agree with the full check on every region code the table knows,
    /// current or retired, and on unknown ones.
    #[test]
    fn nik_fast_path_agrees_with_the_issues_path() {
        use emis_core::wilayah::{self, Status};
        let c = Classifier::new(IdKind::Nik, opts());
        let mut seen_retired = false;
        for code6 in (10_000u32..1_000_000).step_by(1) {
            let status = wilayah::kecamatan_status(code6);
            // All known codes, and a sample of unknown ones.
            if status == Status::Unknown && code6 % 97 != 0 {
                continue;
            }
            seen_retired |= status == Status::Retired;
            for tail in ["1708080001", "4503100002", "3002080001", "0101000000"] {
                let nik = format!("{code6:06}{tail}");
                let fast = c.classify(&nik);
                let full = id::nik::issues(&nik);
                assert_eq!(codes(&fast), full.iter().map(|i| i.code).collect::<Vec<_>>(), "{nik}");
                assert_eq!(
                    id::check(IdKind::Nik, &nik, &opts()).verdict,
                    verdict_of(&full),
                    "{nik}"
                );
            }
        }
        assert!(seen_retired);
    }

    #[test]
    fn other_kinds_agree_with_check() {
        let samples: &[(IdKind, &[&str])] = &[
            (
                IdKind::Kk,
                &[
                    "3205011203240003",
                    "9101011203240003",
                    "3299991203240003",
                    "320501120324000",
                ],
            ),
            (IdKind::Nisn, &["0081234567", "1251234567", "008123456", "00812345AB"]),
            (
                IdKind::Nip,
                &[
                    "199001012020121001",
                    "199005052023211001",
                    "199013012020121001",
                    "203001012020121001",
                ],
            ),
            (IdKind::Nuptk, &["1234567890123456", "123456789012345"]),
            (
                IdKind::NomorStatistik,
                &[
                    "510033110106",
                    "5100.32.73.0145",
                    "512320626002",
                    "131335250041",
                    "999232050001",
                ],
            ),
            (IdKind::Npsn, &["20320271", "2032027"]),
            (
                IdKind::Nism,
                &["311232050001240007", "311232050001240000", "31123205000124000"],
            ),
        ];
        for (kind, values) in samples {
            let c = Classifier::new(*kind, opts());
            for v in *values {
                let full = id::check(*kind, v, &opts());
                assert_eq!(codes(&c.classify(v)), full.codes(), "{kind:?} {v}");
            }
        }
        assert!(!kind_may_warn(IdKind::Nisn));
        assert!(kind_may_warn(IdKind::NomorStatistik));
        assert!(kind_may_warn(IdKind::Nik));
        for kind in IdKind::ALL {
            assert!(kind.bad_char_code().as_str().ends_with("karakter_tidak_valid"));
            assert!(kind.bad_char_code().as_str().starts_with(kind.code_prefix()));
        }
    }

    #[test]
    fn kind_names_match_the_core() {
        for k in KindArg::value_variants() {
            let pv = k.to_possible_value().expect("visible");
            for name in pv.get_name_and_aliases() {
                assert_eq!(IdKind::from_name(name), Some(IdKind::from(*k)), "{name}");
            }
        }
        assert_eq!(KindArg::value_variants().len(), IdKind::ALL.len());
    }

    #[test]
    fn jsonl_line_shape() {
        let mut v = Vec::new();
        write_jsonl(&mut v, "a\"b", Verdict::Invalid, &id::nik::issues("a\"b")).unwrap();
        let j: serde_json::Value = serde_json::from_slice(&v).unwrap();
        assert_eq!(j["value"], "a\"b");
        assert_eq!(j["valid"], false);
        assert_eq!(j["severity"], "invalid");
        assert_eq!(j["codes"][0], "nik.karakter_tidak_valid");
    }
}
