//! `emis lembaga` (step 3: the lembaga's profile and sarpras in EMIS against the local profile
//! file, field by field) and `emis gtk` (GTK in EMIS against the local GTK, matched by NIP,
//! NUPTK, NIK, with the updates that would be pushed). Both only read from EMIS.

use crate::cli::{HELP_TEMPLATE, OPTIONS, PolicyArg, TextOrJson};
use crate::output::{self, CliError, EXIT_INVALID, EXIT_OK, Table, tr};
use clap::Args;
use emis_core::Lang;
use emis_core::api::{EmisClient, EmisConfig};
use emis_core::sync::gtk_reconcile::{GtkStatus, plan_gtk_updates, reconcile_gtk};
use emis_core::sync::lembaga_check::{LocalProfile, check_lembaga};
use emis_core::sync::{DirStore, LocalStore, Status};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Where EMIS is and which lembaga (shared by `lembaga` and `gtk`).
#[derive(Debug, Args)]
pub struct Remote {
    /// alamat API / the API address
    #[arg(long, value_name = "URL")]
    pub server: String,
    /// nomor statistik lembaga / the institution's statistic number
    #[arg(long, value_name = "N")]
    pub statistic_num: String,
    /// folder lokal atau berkas santri yang dipakai `emis sync --local` / the local data
    #[arg(long, value_name = "PATH")]
    pub local: PathBuf,
    /// bila berbeda: emis (bawaan), local, manual / who wins when the data differ
    #[arg(long, value_enum, ignore_case = true)]
    pub policy: Option<PolicyArg>,
    /// teks (bawaan) atau JSON / text or JSON
    #[arg(long, value_enum, ignore_case = true, value_name = "FORMAT")]
    pub format: Option<TextOrJson>,
    /// SIMPEG sources, CA and proxy.
    #[command(flatten)]
    pub net: crate::sync::NetArgs,
}

impl Remote {
    /// A logged-in client and its runtime (credentials from the environment, as `emis sync`).
    fn connect(&self) -> Result<(EmisClient, tokio::runtime::Runtime), CliError> {
        let mut cfg = EmisConfig::new(&self.server).map_err(|e| CliError::input(format!("--server: {e}")))?;
        self.net.apply(&mut cfg);
        let credentials = crate::auth::credentials()?;
        crate::auth::check_token(&credentials, crate::auth::now_s())?;
        let transport = emis_core::transport::ReqwestTransport::with_config(&self.net.transport_config()?)
            .map_err(|e| CliError::input(e.to_string()))?;
        let (cookie, pintar) = crate::auth::simpeg_sessions();
        let client = crate::sync::native_client(cfg, credentials, transport).with_simpeg_sessions(cookie, pintar);
        Ok((client, crate::sync::runtime()?))
    }
    /// The local store folder (read only; no lock: nothing is written).
    fn store(&self) -> Result<DirStore, CliError> {
        let dir = crate::input::store_dir(&self.local).unwrap_or_else(|| self.local.clone());
        if !dir.exists() {
            return Err(CliError::input(format!(
                "{} tidak ada; jalankan `emis sync --local …` sekali dulu / does not exist; run `emis sync` once first",
                dir.display()
            )));
        }
        DirStore::open(&dir).map_err(|e| CliError::input(e.to_string()))
    }
}

fn server_error(e: emis_core::Error) -> CliError {
    use emis_core::Error;
    let code = match e.root() {
        Error::Auth(_) | Error::Permission(_) | Error::SessionExpired { .. } => crate::output::EXIT_SESSION,
        Error::NotFound(_) => crate::output::EXIT_USAGE,
        _ => crate::output::EXIT_SERVER,
    };
    CliError::stopped(format!("EMIS: {e}"), code)
}

const LEMBAGA_TITLE: &str =
    "emis lembaga — periksa profil lembaga di EMIS dengan berkas profil lokal / check the lembaga profile";

const LEMBAGA_AFTER: &str = "\
Berkas profil lokal (bawaan: lembaga.toml di folder data, atau di samping berkas santri), contoh:
  nama = \"Pondok Pesantren Al-Ikhlas\"   nomor_statistik = \"510035150001\"   jenis = \"pontren\"
  status = \"swasta\"   pimpinan = \"…\"   alamat = \"Jl. …\"   rt = \"001\"   rw = \"002\"
  kode_pos = \"…\"   kode_wilayah = \"…\"   izin_nomor = \"…\"   izin_tanggal = \"2020-01-15\"
  [sarpras]
  \"Ruang kelas\" = 12
  \"Asrama\" = 3
Status per bagian seperti santri: TERDAFTAR (sama), DISKREPANSI (beda), BELUM_TERDAFTAR (hanya
lokal), HANYA_DI_EMIS. EMIS tidak punya API tulis lembaga: perubahan dilakukan di portal.
Kode keluar: 0 semua sama, 1 ada perbedaan, 2 salah pemakaian, 3 token, 4 server.

English: compares the lembaga in EMIS (profile, counts, sarpras when listed) with the local
profile file, field by field, with what to do under --policy.";

/// `emis lembaga`.
#[derive(Debug, Args)]
#[command(before_help = LEMBAGA_TITLE, after_help = LEMBAGA_AFTER, help_template = HELP_TEMPLATE, next_line_help = true)]
#[command(next_help_heading = OPTIONS)]
pub struct LembagaArgs {
    /// EMIS and the local data.
    #[command(flatten)]
    pub remote: Remote,
    /// berkas profil lokal (.toml/.json) / the local profile file
    #[arg(long, value_name = "BERKAS")]
    pub profil: Option<PathBuf>,
    /// periode untuk jumlah santri/GTK (bawaan: dari data lokal) / period of the counts
    #[arg(long, value_name = "N", value_parser = crate::cli::whole::<i64>)]
    pub academic_year_id: Option<i64>,
}

fn default_profile(local: &Path) -> PathBuf {
    let dir = if local.is_dir() {
        local.to_path_buf()
    } else {
        local.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let json = dir.join("lembaga.json");
    if json.exists() { json } else { dir.join("lembaga.toml") }
}

fn read_profile(path: &Path) -> Result<LocalProfile, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CliError::input(format!(
            "{}: {e}; buat berkas profil lokal (lihat `emis lembaga --help`) / create the local profile",
            path.display()
        ))
    })?;
    let parsed = if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
        serde_json::from_str(&text).map_err(|e| e.to_string())
    } else {
        toml::from_str(&text).map_err(|e| e.to_string())
    };
    parsed.map_err(|e| CliError::input(format!("{}: {}", path.display(), emis_core::pii::redact_quoted(&e))))
}

/// `emis lembaga`.
pub fn lembaga(a: LembagaArgs, lang: Lang) -> Result<u8, CliError> {
    let r = &a.remote;
    let profile_path = a.profil.clone().unwrap_or_else(|| default_profile(&r.local));
    let local = read_profile(&profile_path)?;
    let store = r.store().ok();
    let (client, rt) = r.connect()?;
    let emis = rt
        .block_on(client.lembaga_info(&r.statistic_num))
        .map_err(server_error)?;
    let santri = store.as_ref().and_then(|s| s.load_santri().ok()).unwrap_or_default();
    let gtk = store.as_ref().and_then(|s| s.load_gtk().ok()).unwrap_or_default();
    let year = a.academic_year_id.or_else(|| {
        santri
            .iter()
            .find_map(|s| s.learning_activity.as_ref().and_then(|l| l.academic_year_id))
    });
    let profile = match (&emis.id, year) {
        (Some(id), Some(y)) => rt.block_on(client.lembaga_profile(id, y)).ok(),
        _ => None,
    };
    let counts = store.as_ref().map(|_| (santri.len(), gtk.len()));
    let policy = r.policy.unwrap_or_default().into();
    let fields = check_lembaga(&local, &emis, profile.as_ref(), counts, policy);
    let differs = fields.iter().any(|f| f.status != Status::Terdaftar);
    let code = if differs { EXIT_INVALID } else { EXIT_OK };
    if r.format == Some(TextOrJson::Json) {
        let j = serde_json::json!({"profile_file": profile_path.display().to_string(), "fields": fields,
            "profile_counts": profile.is_some(), "exit_code": code});
        output::print(&format!("{j:#}\n"))?;
        return Ok(code);
    }
    let mut tab = Table::new(&[
        tr(lang, "bagian", "field"),
        tr(lang, "lokal", "local"),
        "EMIS",
        "status",
        tr(lang, "tindakan", "action"),
    ]);
    for f in &fields {
        tab.row(vec![
            f.field.clone(),
            f.local.clone(),
            f.emis.clone(),
            f.status.as_str().into(),
            tr(lang, f.action_id, f.action_en).into(),
        ]);
    }
    let mut out = format!(
        "{} {}\n",
        tr(lang, "Profil lokal:", "Local profile:"),
        profile_path.display()
    );
    out.push_str(&tab.render());
    if profile.is_none() {
        out.push_str(tr(
            lang,
            "\n(jumlah santri/GTK dan sarpras EMIS tidak dibandingkan: periode tidak diketahui, pakai --academic-year-id)\n",
            "\n(santri/GTK counts and sarpras not compared: unknown period, use --academic-year-id)\n",
        ));
    }
    output::print(&out)?;
    Ok(code)
}

const GTK_TITLE: &str = "emis gtk — cocokkan GTK lokal dengan EMIS per bagian / reconcile GTK with EMIS field by field";

const GTK_AFTER: &str = "\
Dicocokkan berurutan: NIP, NUPTK, NIK; nama + tanggal lahir hanya KANDIDAT (dikonfirmasi operator
dengan --konfirmasi N, nomor baris lokal). Dua NIK valid yang berbeda tidak pernah digabung
(KONFLIK). Perubahan yang direncanakan mengikuti --policy seperti santri; bila cocok pasti (NIP
sama atau dikonfirmasi), nilai SIMPEG dipakai untuk status kepegawaian, jabatan, bidang studi.
Hanya membaca: EMIS asli belum menyediakan API tulis GTK (lakukan di portal EMIS GTK).
Kode keluar: 0 semua sama, 1 ada perbedaan/kandidat/konflik, 2 salah pemakaian, 3 token, 4 server.

English: GTK matched by NIP, NUPTK, NIK (name + birth date only as a candidate), field
differences masked, the updates that the policy and SIMPEG would make. Read only.";

/// `emis gtk`.
#[derive(Debug, Args)]
#[command(before_help = GTK_TITLE, after_help = GTK_AFTER, help_template = HELP_TEMPLATE, next_line_help = true)]
#[command(next_help_heading = OPTIONS)]
pub struct GtkArgs {
    /// EMIS and the local data.
    #[command(flatten)]
    pub remote: Remote,
    /// baris lokal (mulai 1) yang kandidatnya dikonfirmasi sama orangnya / confirmed candidates
    #[arg(long, value_name = "N", value_delimiter = ',', value_parser = crate::cli::whole::<usize>)]
    pub konfirmasi: Vec<usize>,
}

/// `emis gtk`.
pub fn gtk(a: GtkArgs, lang: Lang) -> Result<u8, CliError> {
    let r = &a.remote;
    let store = r.store()?;
    let local = store.load_gtk().map_err(|e| CliError::input(e.to_string()))?;
    let (client, rt) = r.connect()?;
    let remote = rt
        .block_on(client.gtk_all(&r.statistic_num, 100))
        .map_err(server_error)?;
    let entries = reconcile_gtk(&local, &remote);
    let confirmed: BTreeSet<usize> = a.konfirmasi.iter().filter(|n| **n > 0).map(|n| n - 1).collect();
    let policy = r.policy.unwrap_or_default().into();
    let changes = plan_gtk_updates(&entries, &local, &remote, policy, &confirmed);
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for e in &entries {
        *counts.entry(e.status.as_str()).or_default() += 1;
    }
    let attention = entries.iter().any(|e| e.status != GtkStatus::Terdaftar);
    let code = if attention { EXIT_INVALID } else { EXIT_OK };
    if r.format == Some(TextOrJson::Json) {
        // Changes carry unmasked values: only their field names and the EMIS id go out.
        let planned: Vec<serde_json::Value> = changes
            .iter()
            .map(|c| serde_json::json!({"id": c.id, "fields": c.fields.keys().collect::<Vec<_>>()}))
            .collect();
        let j =
            serde_json::json!({"counts": counts, "entries": entries, "planned_updates": planned, "exit_code": code});
        output::print(&format!("{j:#}\n"))?;
        return Ok(code);
    }
    let mut out = String::new();
    let summary: Vec<String> = counts.iter().map(|(k, v)| format!("{k} {v}")).collect();
    out.push_str(&format!("GTK: {}\n", summary.join(", ")));
    let mut tab = Table::new(&[
        tr(lang, "baris", "row"),
        "status",
        tr(lang, "kunci", "key"),
        tr(lang, "bagian", "field"),
        tr(lang, "lokal", "local"),
        "EMIS",
        "SIMPEG",
    ]);
    for e in entries.iter().filter(|e| e.status != GtkStatus::Terdaftar) {
        let row = e.local.map(|i| (i + 1).to_string()).unwrap_or_else(|| "-".into());
        let key = e
            .key
            .map(|k| {
                serde_json::to_value(k)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            })
            .unwrap_or_default();
        let cells = |d: Option<&emis_core::sync::gtk_reconcile::GtkFieldDiff>| {
            vec![
                row.clone(),
                e.status.as_str().to_string(),
                key.clone(),
                d.map(|d| d.field.to_string()).unwrap_or_default(),
                d.map(|d| d.local.clone()).unwrap_or_default(),
                d.map(|d| d.emis.clone()).unwrap_or_default(),
                d.and_then(|d| d.simpeg.clone()).unwrap_or_default(),
            ]
        };
        if e.diffs.is_empty() {
            tab.row(cells(None));
        }
        for d in &e.diffs {
            tab.row(cells(Some(d)));
        }
    }
    out.push_str(&tab.render());
    out.push_str(&format!(
        "\n{}: {}\n",
        tr(lang, "Perubahan yang direncanakan", "Planned updates"),
        changes.len()
    ));
    for c in &changes {
        let f: Vec<&str> = c.fields.keys().map(String::as_str).collect();
        out.push_str(&format!("  {} → {}\n", c.id.as_deref().unwrap_or("-"), f.join(", ")));
    }
    out.push_str(tr(
        lang,
        "Catatan: EMIS asli belum punya API tulis GTK; lakukan perubahan di portal EMIS GTK.\n",
        "Note: the real EMIS has no GTK write API; make the changes in the EMIS GTK portal.\n",
    ));
    output::print(&out)?;
    Ok(code)
}
