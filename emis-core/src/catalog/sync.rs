//! Codes outside the rule table: what a sync leaves to the operator and how each write ended
//! (scope `sync`), EMIS's own rejection codes and answers of an unexpected shape (scope
//! `server`), and the client's errors (scope `client`, the codes of `Error::code`, kept
//! without a dot as the bindings have always named them).

use super::{Cli, Code, INFO, INV, RuleDef, Srv, Syn, WARN, r};

codes! {
    SYNC_CODES:
    SYNC_DIDAFTARKAN = "sync.didaftarkan",
    SYNC_DIPERBARUI = "sync.diperbarui",
    SYNC_SUDAH_TERDAFTAR = "sync.sudah_terdaftar",
    SYNC_DITEMUKAN_SETELAH_TERPUTUS = "sync.ditemukan_setelah_terputus",
    SYNC_NIK_AKTIF_DI_LEMBAGA_LAIN = "sync.nik_aktif_di_lembaga_lain",
    SYNC_GANDA_DALAM_DAFTAR = "sync.ganda_dalam_daftar",
    SYNC_MUNGKIN_GANDA = "sync.mungkin_ganda",
    SYNC_KELUAR_PERLU_KONFIRMASI = "sync.keluar_perlu_konfirmasi",
    SYNC_DISKREPANSI = "sync.diskrepansi",
    SYNC_HANYA_DI_EMIS = "sync.hanya_di_emis",
    SYNC_HASIL_TIDAK_PASTI = "sync.hasil_tidak_pasti",
    SYNC_SIMPEG_PERLU_KONFIRMASI = "sync.simpeg_perlu_konfirmasi",
    SYNC_DITOLAK_SERVER = "sync.ditolak_server",
    SYNC_DITOLAK_PERSETUJUAN = "sync.ditolak_persetujuan",
    SYNC_TIDAK_DIDUKUNG = "sync.tidak_didukung",
    SYNC_IDENTIFIER_TIDAK_VALID = "sync.identifier_tidak_valid",
    SYNC_TIDAK_DITEMUKAN = "sync.tidak_ditemukan",
    SYNC_PERIODE_TUTUP = "sync.periode_tutup",
    SYNC_NIK_SUDAH_TERDAFTAR = "sync.nik_sudah_terdaftar",
    SYNC_DATA_TIDAK_LENGKAP = "sync.data_tidak_lengkap",
    SYNC_DITOLAK_SEMENTARA = "sync.ditolak_sementara",
    SERVER_BENTUK_TAK_TERDUGA = "server.bentuk_tak_terduga",
    CLIENT_TRANSPORT = "transport",
    CLIENT_TIMEOUT = "timeout",
    CLIENT_HTTP = "http",
    CLIENT_AUTH = "auth",
    CLIENT_PERMISSION = "permission",
    CLIENT_RATE_LIMITED = "rate_limited",
    CLIENT_CONFLICT = "conflict",
    CLIENT_NOT_FOUND = "not_found",
    CLIENT_UNSUPPORTED = "unsupported",
    CLIENT_DECODE = "decode",
    CLIENT_CANCELLED = "cancelled",
    CLIENT_RETRIES_EXHAUSTED = "retries_exhausted",
    CLIENT_CONFIG = "config",
    CLIENT_STORAGE = "storage",
    CLIENT_SESSION_EXPIRED = "session_expired",
    CLIENT_OUTCOME_UNKNOWN = "outcome_unknown",
    CLIENT_RESPONS_TERLALU_BESAR = "respons_terlalu_besar",
}

/// A row without a rule number.
const fn s(
    code: Code,
    severity: super::Severity,
    scope: super::Scope,
    field: &'static str,
    msg: (&'static str, &'static str),
    hint: (&'static str, &'static str),
) -> RuleDef {
    r(code, 0, severity, scope, field, msg, hint)
}

pub(super) const SYNC_ROWS: &[RuleDef] = &[
    // --- how one write ended ---
    s(
        SYNC_DIDAFTARKAN,
        INFO,
        Syn,
        "*",
        ("Didaftarkan ke EMIS.", "Registered on EMIS."),
        (
            "Tunggu persetujuan Kepala lalu kab/kota; statusnya terbaca pada sinkron berikutnya.",
            "Wait for the Kepala's and then the district office's approval; the next sync reads it.",
        ),
    ),
    s(
        SYNC_DIPERBARUI,
        INFO,
        Syn,
        "*",
        ("Diperbarui di EMIS.", "Updated on EMIS."),
        ("Tidak ada yang perlu dilakukan.", "Nothing to do."),
    ),
    s(
        SYNC_SUDAH_TERDAFTAR,
        INFO,
        Syn,
        "nik",
        (
            "EMIS menjawab NIK ini sudah terdaftar di lembaga ini: pengiriman sebelumnya sudah diterima.",
            "EMIS says this NIK is already registered here: the earlier send was accepted.",
        ),
        (
            "Tidak dikirim ulang; tidak ada yang perlu dilakukan.",
            "Not sent again; nothing to do.",
        ),
    ),
    s(
        SYNC_DITEMUKAN_SETELAH_TERPUTUS,
        INFO,
        Syn,
        "*",
        (
            "Pengiriman sempat terputus, tetapi data ini sudah ada di EMIS.",
            "A send was cut off, but the record is on EMIS.",
        ),
        (
            "Tidak dikirim ulang; tidak ada yang perlu dilakukan.",
            "Not sent again; nothing to do.",
        ),
    ),
    // --- what the operator decides ---
    s(
        SYNC_NIK_AKTIF_DI_LEMBAGA_LAIN,
        INV,
        Syn,
        "nik",
        (
            "NIK masih aktif di lembaga lain: minta lembaga asal melakukan mutasi keluar, lalu sinkronkan lagi.",
            "The NIK is active at another institution: ask it to record a transfer out, then sync again.",
        ),
        (
            "Hubungi operator lembaga asal atau kantor kab/kota dengan bukti pindah.",
            "Contact the other institution's operator or the district office with proof of transfer.",
        ),
    ),
    s(
        SYNC_GANDA_DALAM_DAFTAR,
        INV,
        Syn,
        "nik",
        (
            "Data ganda di daftar lokal (NIK/NISN sama): gabungkan atau perbaiki sebelum sinkron.",
            "Duplicate in the local list (same NIK/NISN): merge or fix before syncing.",
        ),
        (
            "Satu orang hanya boleh tercatat sekali; NIK yang berbeda berarti orang yang berbeda.",
            "A person may appear only once; different NIKs are different people.",
        ),
    ),
    s(
        SYNC_MUNGKIN_GANDA,
        WARN,
        Syn,
        "full_name",
        (
            "Mirip santri yang sudah ada di EMIS (tanggal lahir sama, nama mirip): periksa sebelum didaftarkan.",
            "Looks like a santri already on EMIS (same birth date, similar name): check before registering.",
        ),
        (
            "Nama dan tanggal lahir saja tidak membuktikan orang yang sama: bandingkan NIK, KK dan nama ibu.",
            "A name and birth date alone do not prove the same person: compare NIK, KK and mother's name.",
        ),
    ),
    s(
        SYNC_KELUAR_PERLU_KONFIRMASI,
        WARN,
        Syn,
        "status",
        (
            "Santri keluar di data lokal tetapi aktif di EMIS: konfirmasi mutasi keluar/nonaktif.",
            "Santri left locally but is active on EMIS: confirm the transfer out / deactivation.",
        ),
        (
            "Catat mutasi keluar di portal EMIS bila memang sudah keluar.",
            "Record the transfer out in the EMIS portal if they really left.",
        ),
    ),
    s(
        SYNC_DISKREPANSI,
        WARN,
        Syn,
        "*",
        (
            "Data lokal berbeda dengan EMIS: pilih nilai yang benar.",
            "Local data differs from EMIS: choose the right values.",
        ),
        (
            "Bandingkan dengan dokumen (KK, akta); jalankan lagi dengan kebijakan konflik yang dipilih.",
            "Compare with the documents (KK, birth certificate); run again with the chosen conflict policy.",
        ),
    ),
    s(
        SYNC_HANYA_DI_EMIS,
        WARN,
        Syn,
        "*",
        (
            "Santri aktif di EMIS tidak ada di data lokal: tambahkan ke data lokal, atau catat keluar/mutasi.",
            "An active santri on EMIS is missing locally: add them locally, or record the exit/transfer.",
        ),
        (
            "Data lokal yang kosong tidak pernah dianggap \"semua keluar\".",
            "An empty local file is never read as \"everyone left\".",
        ),
    ),
    s(
        SYNC_HASIL_TIDAK_PASTI,
        WARN,
        Syn,
        "*",
        (
            "Pengiriman terputus dan ada lebih dari satu santri yang cocok di EMIS: periksa di portal sebelum dikirim ulang.",
            "A send was cut off and more than one santri on EMIS matches: check in the portal before sending again.",
        ),
        (
            "Tidak dikirim ulang sampai Anda memastikan: pengiriman ganda membuat data ganda.",
            "Not sent again until you check: a double send makes a duplicate.",
        ),
    ),
    s(
        SYNC_SIMPEG_PERLU_KONFIRMASI,
        WARN,
        Syn,
        "nip",
        (
            "Nama atau tanggal lahir GTK berbeda dengan SIMPEG: bandingkan keduanya dan konfirmasi di EMIS GTK.",
            "The GTK's name or birth date differs from SIMPEG: compare both and confirm in EMIS GTK.",
        ),
        (
            "Data kepegawaian hanya diambil dari SIMPEG setelah kecocokan dikonfirmasi.",
            "Civil-service data is taken from SIMPEG only after the match is confirmed.",
        ),
    ),
    s(
        SYNC_DITOLAK_SERVER,
        INV,
        Syn,
        "*",
        (
            "Ditolak EMIS: perbaiki data sesuai alasan dari server, lalu sinkronkan lagi.",
            "Rejected by EMIS: fix the record as the server's reason says, then sync again.",
        ),
        (
            "Alasan dari server tercatat di laporan dan jurnal.",
            "The server's reason is in the report and journal.",
        ),
    ),
    s(
        SYNC_DITOLAK_PERSETUJUAN,
        INV,
        Syn,
        "*",
        (
            "Ditolak saat persetujuan (Kepala atau kab/kota): baca catatannya, perbaiki, lalu sinkronkan lagi.",
            "Refused in approval (Kepala or district office): read the note, fix, then sync again.",
        ),
        (
            "Catatan penolakan tercatat di laporan; tanyakan ke kantor kab/kota bila tidak jelas.",
            "The refusal note is in the report; ask the district office if it is unclear.",
        ),
    ),
    s(
        SYNC_TIDAK_DIDUKUNG,
        WARN,
        Syn,
        "*",
        (
            "EMIS tidak menyediakan layanan ini lewat API: lakukan di portal EMIS.",
            "EMIS offers no API for this: do it in the EMIS portal.",
        ),
        ("Perubahan lain tetap dikirim.", "Other changes are still sent."),
    ),
    // --- rejection codes of the assumed batch API (simulator `--profile extended`) ---
    s(
        SYNC_IDENTIFIER_TIDAK_VALID,
        INV,
        Srv,
        "*",
        (
            "Server menolak: nomor identitas tidak valid.",
            "The server refused: an identifier is invalid.",
        ),
        ("Perbaiki nomornya sesuai dokumen.", "Fix the number from the document."),
    ),
    s(
        SYNC_TIDAK_DITEMUKAN,
        INV,
        Srv,
        "id",
        (
            "Server menolak: data tidak ditemukan di lembaga ini.",
            "The server refused: no such record at this institution.",
        ),
        (
            "Tarik ulang data dari EMIS lalu sinkronkan lagi.",
            "Pull from EMIS again, then sync again.",
        ),
    ),
    s(
        SYNC_PERIODE_TUTUP,
        INV,
        Srv,
        "*",
        (
            "Server menolak: periode pendataan ditutup.",
            "The server refused: the data period is closed.",
        ),
        (
            "Data tetap di antrean; sinkronkan lagi saat periode dibuka.",
            "The data stays queued; sync again when the period opens.",
        ),
    ),
    s(
        SYNC_NIK_SUDAH_TERDAFTAR,
        INV,
        Srv,
        "nik",
        (
            "Server menolak: NIK sudah terdaftar di lembaga ini.",
            "The server refused: the NIK is already registered here.",
        ),
        (
            "Perbarui data yang ada, jangan daftarkan ulang.",
            "Update the existing record; do not register it again.",
        ),
    ),
    s(
        SYNC_DATA_TIDAK_LENGKAP,
        INV,
        Srv,
        "*",
        (
            "Server menolak: isian wajib kosong.",
            "The server refused: a required field is empty.",
        ),
        (
            "Lengkapi isian wajib lalu sinkronkan lagi.",
            "Fill in the required field, then sync again.",
        ),
    ),
    s(
        SYNC_DITOLAK_SEMENTARA,
        WARN,
        Srv,
        "*",
        ("Server menolak untuk sementara.", "The server refused for now."),
        ("Dikirim lagi pada sinkron berikutnya.", "Sent again on the next sync."),
    ),
    s(
        SERVER_BENTUK_TAK_TERDUGA,
        WARN,
        Srv,
        "*",
        (
            "Isian dari EMIS berbentuk lain dari biasanya dan dibaca sebisanya ({path}).",
            "A field from EMIS had an unexpected shape and was read as well as possible ({path}).",
        ),
        (
            "Tidak memengaruhi keputusan sinkron; laporkan ke pengembang bila sering muncul.",
            "It does not affect sync decisions; report it to the developers if it recurs.",
        ),
    ),
    // --- the client's errors ---
    s(
        CLIENT_TRANSPORT,
        INV,
        Cli,
        "*",
        ("Koneksi ke server gagal.", "The connection failed."),
        (
            "Periksa jaringan lalu jalankan lagi; yang belum terkirim tetap di antrean (emis doctor memeriksa koneksi).",
            "Check the network and run again; what was not sent stays queued (emis doctor checks the connection).",
        ),
    ),
    s(
        CLIENT_TIMEOUT,
        INV,
        Cli,
        "*",
        (
            "Server tidak menjawab dalam batas waktu.",
            "The server did not answer in time.",
        ),
        (
            "Server sedang sibuk: coba lagi di luar jam sibuk, sebaiknya pagi hari.",
            "The server is busy: try again outside busy hours, preferably in the morning.",
        ),
    ),
    s(
        CLIENT_HTTP,
        INV,
        Cli,
        "*",
        (
            "Server menjawab dengan status galat.",
            "The server answered with an error status.",
        ),
        (
            "Baca pesan server di laporan; coba lagi nanti.",
            "Read the server's message in the report; try again later.",
        ),
    ),
    s(
        CLIENT_AUTH,
        INV,
        Cli,
        "*",
        ("Login gagal.", "Login failed."),
        (
            "Periksa email/NIK dan kata sandi, atau salin token baru dari peramban.",
            "Check the e-mail/NIK and password, or copy a fresh token from the browser.",
        ),
    ),
    s(
        CLIENT_PERMISSION,
        INV,
        Cli,
        "*",
        (
            "Akun tidak memiliki hak untuk tindakan ini.",
            "The account lacks the right for this action.",
        ),
        (
            "Masuk dengan akun operator lembaga ini, atau minta hak ke kantor kab/kota.",
            "Log in with this institution's operator account, or ask the district office for the right.",
        ),
    ),
    s(
        CLIENT_RATE_LIMITED,
        INV,
        Cli,
        "*",
        (
            "Server membatasi jumlah permintaan.",
            "The server limits the number of requests.",
        ),
        ("Tunggu sebentar lalu jalankan lagi.", "Wait a little and run again."),
    ),
    s(
        CLIENT_CONFLICT,
        INV,
        Cli,
        "*",
        (
            "Server menolak karena konflik data.",
            "The server refused because of a data conflict.",
        ),
        (
            "Tarik ulang data dari EMIS lalu sinkronkan lagi.",
            "Pull from EMIS again, then sync again.",
        ),
    ),
    s(
        CLIENT_NOT_FOUND,
        INV,
        Cli,
        "*",
        ("Data tidak ditemukan di server.", "Not found on the server."),
        ("Tarik ulang data dari EMIS.", "Pull from EMIS again."),
    ),
    s(
        CLIENT_UNSUPPORTED,
        WARN,
        Cli,
        "*",
        (
            "Server tidak mendukung layanan ini.",
            "The server does not offer this service.",
        ),
        (
            "Lakukan langkah ini di portal EMIS.",
            "Do this step in the EMIS portal.",
        ),
    ),
    s(
        CLIENT_DECODE,
        INV,
        Cli,
        "*",
        (
            "Jawaban server tidak dapat dibaca.",
            "The server's answer cannot be read.",
        ),
        (
            "Coba lagi nanti; bila berulang, laporkan ke pengembang dengan log -v (tanpa data pribadi).",
            "Try again later; if it recurs, report it with the -v log (it holds no personal data).",
        ),
    ),
    s(
        CLIENT_CANCELLED,
        INFO,
        Cli,
        "*",
        ("Dibatalkan.", "Cancelled."),
        (
            "Yang belum terkirim tetap di antrean untuk sinkron berikutnya.",
            "What was not sent stays queued for the next sync.",
        ),
    ),
    s(
        CLIENT_RETRIES_EXHAUSTED,
        INV,
        Cli,
        "*",
        ("Gagal setelah beberapa percobaan.", "Failed after several attempts."),
        (
            "Coba lagi nanti, sebaiknya pagi hari.",
            "Try again later, preferably in the morning.",
        ),
    ),
    s(
        CLIENT_CONFIG,
        INV,
        Cli,
        "*",
        ("Konfigurasi tidak valid.", "Invalid configuration."),
        (
            "Periksa alamat server dan cara login (emis doctor).",
            "Check the server address and login (emis doctor).",
        ),
    ),
    s(
        CLIENT_STORAGE,
        INV,
        Cli,
        "*",
        ("Penyimpanan lokal gagal.", "Local storage failed."),
        (
            "Periksa ruang disk dan hak akses folder data emis.",
            "Check the disk space and the permissions of emis's data folder.",
        ),
    ),
    s(
        CLIENT_SESSION_EXPIRED,
        INV,
        Cli,
        "*",
        ("Sesi sudah berakhir.", "The session has expired."),
        (
            "Salin token baru dari peramban (F12 → Network → header Authorization) lalu jalankan lagi.",
            "Copy a fresh token from the browser (F12 → Network → Authorization header) and run again.",
        ),
    ),
    s(
        CLIENT_OUTCOME_UNKNOWN,
        WARN,
        Cli,
        "*",
        ("Hasil pengiriman tidak diketahui.", "The outcome of a send is unknown."),
        (
            "Data dicek di EMIS dulu sebelum dikirim ulang; jalankan lagi.",
            "The record is looked up on EMIS before any resend; run again.",
        ),
    ),
    s(
        CLIENT_RESPONS_TERLALU_BESAR,
        INV,
        Cli,
        "*",
        (
            "Jawaban server terlalu besar dan dihentikan.",
            "The server's answer was too large and was stopped.",
        ),
        (
            "Server mungkin bermasalah; coba lagi nanti.",
            "The server may be misbehaving; try again later.",
        ),
    ),
];
