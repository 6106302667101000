//! The command line, on clap derive: the top-level [`Cli`], the value types shared by several
//! commands (`--lang`, `--format`, `--policy`, `--today`, numbers, URLs) and the help layout.
//! Each command's own flags live beside the command (`check::CheckArgs`, …): one definition per
//! flag drives the parser, `--help` and the usage. Help is Bahasa Indonesia first, English after
//! " / "; clap's errors are re-worded the same way by [`error`].

pub mod error;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use emis_core::Lang;
use emis_core::date::Date;

/// The layout of every `--help`: a title line, the usage, the flags under Bahasa/English
/// headings, then the command's notes (exit codes, examples, English summary).
pub const HELP_TEMPLATE: &str = "{before-help}Pemakaian / usage:\n  {usage}\n\n{all-args}{after-help}";
/// Heading of positional arguments.
pub const ARGS: &str = "Argumen / arguments";
/// Heading of a command's options.
pub const OPTIONS: &str = "Opsi / options";
/// Heading of the options every command takes.
pub const COMMON: &str = "Opsi umum / common options";

const USAGE: &str = "emis <perintah> [opsi]   (perintah / command: check validate diff sync history bukti status doctor daftar lembaga gtk rules help)";

const TITLE: &str = "emis — periksa data santri, GTK dan lembaga untuk EMIS PD-Pontren \
                     / check pesantren data for EMIS PD-Pontren";

const AFTER: &str = "\
Nomor pribadi (NIK, No. KK, nama) disamarkan kecuali diminta (--show, --show-input).
Kode keluar: 0 valid (peringatan boleh), 1 tidak valid, 2 salah pemakaian atau berkas rusak;
sync juga: 3 token/sesi berakhir, 4 server/jaringan gagal, 130 dihentikan (lihat `emis sync --help`).
Log: -v, -vv, -vvv atau RUST_LOG (mis. RUST_LOG=emis=debug) menulis ke stderr; tanpa NIK, nama,
token, cookie atau kata sandi.

English: `emis check` checks identifiers, `emis validate` checks a CSV export,
`emis diff <A> <B>` compares two exports (CSV, XLSX, XLS, ODS), `emis sync` syncs with EMIS, `emis history`
shows the sync journal, `emis bukti` writes a printable receipt of a sync (--verify checks one),
`emis status` shows where the sync stands, `emis doctor` diagnoses connection, clock and token
problems, `emis daftar` checks an account registration packet, `emis lembaga` and
`emis gtk` compare the lembaga profile and the GTK with EMIS field by field, `emis rules` lists the rule catalogue. --lang en for English messages, `--help` after a command for its
options, -v/-q for more or fewer lines on stderr. Exit codes: 0 valid, 1 invalid, 2 usage or
input error; sync also 3 session expired, 4 server/network, 130 interrupted.";

/// `emis`.
#[derive(Debug, Parser)]
#[command(
    name = "emis",
    version,
    before_help = TITLE,
    override_usage = USAGE,
    after_help = AFTER,
    help_template = HELP_TEMPLATE,
    subcommand_help_heading = "Perintah / commands",
    subcommand_value_name = "PERINTAH",
    subcommand_required = true,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    args_override_self = true
)]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
    /// Flags of every command.
    #[command(flatten)]
    pub common: Common,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// <jenis> <nilai>: periksa satu nomor (nik kk nisn nip nuptk nspp npsn nism), atau --stdin
    /// / check an identifier
    Check(crate::check::CheckArgs),
    /// <berkas.csv>: periksa berkas CSV santri atau GTK (kolom EMIS) / validate a CSV export
    Validate(crate::validate::ValidateArgs),
    /// <A> <B>: bandingkan dua ekspor (CSV, XLSX, ODS) per NIK / compare two exports
    Diff(crate::diff::DiffArgs),
    /// --demo | --server URL …: sinkronisasi dengan EMIS (token dari EMIS_TOKEN) / sync with EMIS
    Sync(Box<crate::sync::SyncArgs>),
    /// jurnal sinkronisasi, terbaru dulu (--export csv|json) / the sync journal, newest first
    History(crate::history::HistoryArgs),
    /// bukti sinkron yang bisa dicetak (HTML/PDF), --verify BERKAS / a printable sync receipt
    #[command(alias = "receipt")]
    Bukti(crate::bukti::BuktiArgs),
    /// keadaan: sinkron terakhir, outbox, persetujuan, token, periode / where the sync stands
    Status(crate::status::StatusArgs),
    /// periksa koneksi, jam, token dan sumber data, dengan saran perbaikan / diagnose problems
    Doctor(crate::doctor::DoctorArgs),
    /// <paket.toml>: periksa berkas pendaftaran akun, langkah di portal, --cek / registration packet
    Daftar(crate::daftar::DaftarArgs),
    /// periksa profil lembaga di EMIS dengan profil lokal / check the lembaga profile
    Lembaga(Box<crate::periksa::LembagaArgs>),
    /// cocokkan GTK lokal dengan EMIS per bagian / reconcile GTK field by field
    Gtk(Box<crate::periksa::GtkArgs>),
    /// daftar aturan dan kode masalah (--markdown: docs/rules.md) / the rule catalogue
    Rules(crate::rules::RulesArgs),
    /// [perintah]: tampilkan bantuan / show help
    #[command(help_template = HELP_TEMPLATE, override_usage = "emis help [perintah]")]
    Help(HelpArgs),
}

/// `emis help [command]`.
#[derive(Debug, Args)]
pub struct HelpArgs {
    /// perintah yang ingin dilihat bantuannya / the command to show help for
    #[arg(value_name = "PERINTAH", help_heading = ARGS)]
    pub command: Option<HelpTopic>,
}

/// What `emis help` can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HelpTopic {
    Check,
    Validate,
    Diff,
    Sync,
    History,
    Bukti,
    Status,
    Doctor,
    Daftar,
    Lembaga,
    Gtk,
    Rules,
}

impl HelpTopic {
    /// The command's name.
    pub fn name(self) -> &'static str {
        match self {
            HelpTopic::Check => "check",
            HelpTopic::Validate => "validate",
            HelpTopic::Diff => "diff",
            HelpTopic::Sync => "sync",
            HelpTopic::History => "history",
            HelpTopic::Bukti => "bukti",
            HelpTopic::Status => "status",
            HelpTopic::Doctor => "doctor",
            HelpTopic::Daftar => "daftar",
            HelpTopic::Lembaga => "lembaga",
            HelpTopic::Gtk => "gtk",
            HelpTopic::Rules => "rules",
        }
    }
}

/// Flags every command takes (before or after the command's name).
#[derive(Debug, Args)]
#[command(next_help_heading = COMMON)]
pub struct Common {
    /// bahasa pesan (bawaan: id) / message language (default: id)
    #[arg(long, global = true, value_enum, ignore_case = true, value_name = "BAHASA")]
    pub lang: Option<LangArg>,
    /// lebih rinci di stderr: -v info, -vv debug, -vvv trace; RUST_LOG juga dibaca
    /// / more detail on stderr; RUST_LOG is read too
    #[arg(short, long, action = ArgAction::Count, global = true)]
    pub verbose: u8,
    /// senyap: di stderr hanya galat (tanpa kemajuan dan catatan) / quiet: only errors on stderr
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// tampilkan bantuan ini / show this help
    #[arg(short, long, action = ArgAction::Help, global = true)]
    help: Option<bool>,
    /// tampilkan versi / show the version
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
}

impl Common {
    /// The language of messages (Bahasa Indonesia unless `--lang en`).
    pub fn lang(&self) -> Lang {
        self.lang.map_or(Lang::Id, Lang::from)
    }
}

/// `--lang id|en`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Id,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Id => Lang::Id,
            LangArg::En => Lang::En,
        }
    }
}

/// `--format text|json` (diff, rules, sync, history).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum TextOrJson {
    #[default]
    Text,
    Json,
}

/// `--policy emis|local|manual`: who wins when EMIS and the local data differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum PolicyArg {
    #[default]
    Emis,
    Local,
    Manual,
}

impl From<PolicyArg> for emis_core::sync::ConflictPolicy {
    fn from(p: PolicyArg) -> Self {
        use emis_core::sync::ConflictPolicy;
        match p {
            PolicyArg::Emis => ConflictPolicy::EmisWins,
            PolicyArg::Local => ConflictPolicy::LocalWins,
            PolicyArg::Manual => ConflictPolicy::Manual,
        }
    }
}

/// `--today YYYY-MM-DD` for reproducible runs; the WIB date of the system clock otherwise.
pub fn today(flag: Option<Date>) -> Date {
    flag.unwrap_or_else(Date::today_wib)
}

/// Parses a date `YYYY-MM-DD` (`--today`, `--admission-date`).
pub fn date(s: &str) -> Result<Date, String> {
    Date::parse(s.trim()).map_err(|e| e.to_string())
}

/// Parses a whole number (`--keys`, `--timeout`, `--max-writes`, …).
pub fn whole<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    s.trim()
        .parse()
        .map_err(|_| format!("harus bilangan bulat, tertulis {s} / must be a whole number"))
}

/// Parses an `http(s)://` address.
pub fn http_url(s: &str) -> Result<url::Url, String> {
    match url::Url::parse(s.trim()) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => Ok(u),
        Ok(_) => Err("harus diawali http:// atau https:// / must start with http(s)://".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// Parses the command line of this process; a usage error, `--help` or `--version` ends here
/// (see [`error::exit`]).
pub fn parse() -> Cli {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    parse_from(&argv).unwrap_or_else(|e| error::exit(&e, &argv))
}

/// Parses `argv` (the program name first).
pub fn parse_from(argv: &[std::ffi::OsString]) -> Result<Cli, clap::Error> {
    Cli::try_parse_from(argv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn flags_values_and_positionals() {
        let os = |v: &[&str]| -> Vec<std::ffi::OsString> { v.iter().map(Into::into).collect() };
        let cli = parse_from(&os(&["emis", "check", "nik", "--format=json", "--show", "--", "-12"])).unwrap();
        let Command::Check(c) = cli.command else {
            panic!("check")
        };
        assert_eq!(c.format, Some(crate::check::CheckFormat::Json));
        assert!(c.show);
        assert_eq!(c.value.as_deref(), Some(std::ffi::OsStr::new("-12")));
        // The last of a repeated flag wins, as with the hand-written parser.
        let cli = parse_from(&os(&["emis", "rules", "--format", "text", "--format", "json"])).unwrap();
        let Command::Rules(r) = cli.command else {
            panic!("rules")
        };
        assert_eq!(r.format, Some(TextOrJson::Json));
        let cli = parse_from(&os(&["emis", "--lang", "EN", "rules", "-vv"])).unwrap();
        assert_eq!(cli.common.lang(), Lang::En);
        assert_eq!(cli.common.verbose, 2);
        for bad in [
            &["emis", "rules", "--nope"][..],
            &["emis", "rules", "--format"],
            &["emis", "check", "nik", "1", "--show=yes"],
            &["emis", "rules", "-q", "-v"],
        ] {
            let e = parse_from(&os(bad)).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{bad:?}");
        }
    }
}
