//! TypeScript declarations for the shapes the exports return and accept. wasm-bindgen
//! copies this text into the generated `emis_wasm.d.ts`; `js-tests/types.test.cjs` runs
//! `tsc --noEmit` over a usage file against it.

use emis_core::id::IdKind;
use wasm_bindgen::prelude::*;

/// `IdKind` and `IdKindName`, written at compile time from the core's kinds
/// ([`IdKind::ALL`], [`IdKind::code_prefix`], [`IdKind::aliases`]): a new kind needs no edit here.
#[wasm_bindgen(typescript_custom_section)]
const TS_KINDS: &'static str = KINDS_TS;

// The items below are used only by the section above, which wasm-bindgen emits on wasm32 in
// an unreferenced static: rustc's dead-code pass does not count that as a use.
#[allow(dead_code)]
const KINDS_TS: &str = match std::str::from_utf8(KINDS_BUILT.0.split_at(KINDS_BUILT.1).0) {
    Ok(text) => text,
    Err(_) => panic!("the kind names are ASCII"),
};

#[allow(dead_code)]
const CAP: usize = 4096;
#[allow(dead_code)]
const KINDS_BUILT: ([u8; CAP], usize) = kinds_ts();

#[allow(dead_code)]
const fn push(mut buf: [u8; CAP], mut len: usize, text: &str) -> ([u8; CAP], usize) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        buf[len] = b[i];
        len += 1;
        i += 1;
    }
    (buf, len)
}

#[allow(dead_code)]
const fn kinds_ts() -> ([u8; CAP], usize) {
    let (mut buf, mut len) = push(
        [0; CAP],
        0,
        "\n/** Canonical identifier kinds, as returned in `IdCheck.kind` and `EmisValidationError.kind`. */\n\
         export type IdKind = ",
    );
    let mut k = 0;
    while k < IdKind::ALL.len() {
        if k > 0 {
            (buf, len) = push(buf, len, " | ");
        }
        (buf, len) = push(buf, len, "\"");
        (buf, len) = push(buf, len, IdKind::ALL[k].code_prefix());
        (buf, len) = push(buf, len, "\"");
        k += 1;
    }
    (buf, len) = push(
        buf,
        len,
        ";\n\n/** Names accepted where a kind is expected (case-insensitive at run time). */\n\
         export type IdKindName =\n  | IdKind",
    );
    k = 0;
    while k < IdKind::ALL.len() {
        let aliases = IdKind::ALL[k].aliases();
        let mut a = 0;
        while a < aliases.len() {
            (buf, len) = push(buf, len, if a == 0 { "\n  | \"" } else { " | \"" });
            (buf, len) = push(buf, len, aliases[a]);
            (buf, len) = push(buf, len, "\"");
            a += 1;
        }
        k += 1;
    }
    push(buf, len, ";")
}

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"/** `"ok"`: no issue; `"warning"`: only warnings (may be synced); `"invalid"`: blocks sync. */
export type Verdict = "ok" | "warning" | "invalid";

/** Severity of one issue (`"info"`: an outcome such as a sync result, not a problem). */
export type Severity = "info" | "warning" | "invalid";

/** One finding. Messages and hints never contain the input; `input` is there only with `includeInput: true`. */
export interface Issue {
  /** Stable code, e.g. `"nik.tanggal_tidak_valid"`. */
  code: string;
  severity: Severity;
  /** Number of the rule in the project's rule table (0 for binding-level issues). */
  rule: number;
  /** Field path: `"nik"`, `"parents.mother_nik"`, `"[3].nik"`. */
  path: string;
  /** Message in Bahasa Indonesia. */
  messageId: string;
  /** Message in English. */
  messageEn: string;
  /** What the operator can do, Bahasa Indonesia. */
  hintId: string;
  /** What the operator can do, English. */
  hintEn: string;
  /** Message parameters (never personal data: lengths, region codes, rule details). */
  params: Record<string, string>;
  /** Other fields the issue concerns, e.g. `["[3].birth_date"]` beside `path: "[3].nik"` for `nik.tanggal_lahir_berbeda`: a form marks both. Empty for one-field issues. */
  relatedPaths: string[];
  /** The offending value, only when `includeInput: true` was passed. */
  input?: string;
}

/** The result of checking one identifier. */
export interface IdCheck {
  kind: IdKind;
  /**
   * The normalised digits, masked for personal identifiers (`"3517**********01"`), in full for
   * institution numbers; `null` when the input cannot be read as the kind's digits.
   */
  valueMasked: string | null;
  /** `true` unless `severity === "invalid"`. */
  valid: boolean;
  severity: Verdict;
  /** Codes of `issues`, in order. */
  codes: string[];
  issues: Issue[];
  /** Named parts when the digits could be read, e.g. `{provinsi: "35 JAWA TIMUR", jenis_kelamin: "L", ...}`. */
  parts: Record<string, string>;
}

/** Options of the `check*` functions. */
export interface CheckOptions {
  /** Today's date (century of two-digit years, future dates). Default: the host's local date. */
  today?: Date | string;
  /** Put the offending input into each issue (default `false`: personal data). */
  includeInput?: boolean;
}

/** Kinds of lembaga: a name (case-insensitive at run time) or EMIS `institution_group_id` 1-7. */
export type LembagaKindName =
  | "pontren" | "pkpps" | "spm" | "pdf" | "mahad_aly" | "lpq" | "mdt"
  | "Pontren" | "PKPPS" | "SPM" | "PDF" | "Ma'had Aly" | "LPQ" | "MDT"
  | 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Options of `validateSantri` / `validateGtk`. */
export interface ValidateOptions extends CheckOptions {
  /** Kind of the lembaga the records belong to. */
  lembagaKind?: LembagaKindName;
  /** Statistic number (NSPP/NSM) of the lembaga, for the NISM prefix rule. */
  statisticNum?: string;
}

/**
 * A record: a plain object, nested EMIS JSON (`parents`, `learning_activity`, ...) or a flat
 * row with EMIS column names (`full_name`, `nik`, `mother_full_name`, `study_group`, ...).
 * Identifiers should be strings; unknown columns are ignored. Arrays, `Map`s and primitives
 * throw `EmisInputError` (`input.bukan_objek`).
 */
export type EmisRecord = object;
export type SantriRecord = EmisRecord;
export type GtkRecord = EmisRecord;

/** All issues of a validation over records. */
export interface ValidationReport {
  valid: boolean;
  severity: Verdict;
  invalidCount: number;
  warningCount: number;
  /** Distinct codes, in order of first appearance. */
  codes: string[];
  issues: Issue[];
}

/** One entry of the rule catalogue. */
export interface RuleDef {
  code: string;
  rule: number;
  severity: Severity;
  scope: "identifier" | "record" | "roster" | "server" | "sync" | "client" | "registration";
  /** The EMIS field the rule concerns. */
  field: string;
  messageId: string;
  messageEn: string;
  hintId: string;
  hintEn: string;
}

/** Codes of `EmisInputError`. */
export type InputErrorCode =
  | "input.bukan_string"
  | "input.bukan_array"
  | "input.bukan_objek"
  | "input.opsi_tidak_valid"
  | "input.jenis_tidak_dikenal"
  | "input.tidak_terbaca"
  | "input.bukan_bilangan_bulat"
  | "input.token_tertutup"
  | "input.sinkronisasi_berjalan";

/**
 * Thrown when a call is wrong: a value that is not a string, a record that is not an object,
 * an unknown kind, a bad option. An `Error` (a `TypeError` for wrong types, a `RangeError` for
 * an unknown kind or a number out of range).
 */
export interface EmisInputError extends Error {
  name: "EmisInputError";
  code: InputErrorCode;
  /** For a bad option or numeric argument: its name. */
  option?: string;
  /** For bad records: the first bad record's path, `"[i]"`. */
  path?: string;
  /** For bad records: one issue per bad record. */
  issues?: Issue[];
}

/** Thrown by `parse*` for an invalid identifier. */
export interface EmisValidationError extends Error {
  name: "EmisValidationError";
  /** The first invalid issue's code. */
  code: string;
  kind: IdKind;
  codes: string[];
  issues: Issue[];
}

/** Every error the identifier and record functions throw on purpose. */
export type EmisError = EmisInputError | EmisValidationError;

// ---------------------------------------------------------------- EmisClient

/** Codes of `EmisApiError`: `emis_core::Error::code()`. */
export type ApiErrorCode =
  | "network_or_cors"
  | "timeout"
  | "http"
  | "auth"
  | "permission"
  | "rate_limited"
  | "conflict"
  | "not_found"
  | "unsupported"
  | "decode"
  | "cancelled"
  | "retries_exhausted"
  | "config"
  | "storage";

/**
 * An `EmisClient` call failed: connection, timeout, an error status, login, or a response that
 * cannot be read. An `Error`; the message ("Bahasa Indonesia / English") never contains a
 * password, a private key or a token.
 */
export interface EmisApiError extends Error {
  name: "EmisApiError";
  code: ApiErrorCode;
  /** The HTTP status, when one is involved (also for `retries_exhausted`). */
  status?: number;
  /** The server's `X-Request-Id` of an error response, if it sent one. */
  requestId?: string;
  /** For `decode`: the JSON path of the problem (`results[3].nik`, `.` for the whole body). */
  path?: string;
  /** For `rate_limited`: how long the server asked to wait. */
  retryAfterMs?: number;
  /** For `retries_exhausted`: attempts made. */
  attempts?: number;
  /** For `retries_exhausted`: the code of the last cause. */
  rootCode?: ApiErrorCode;
  /** For `network_or_cors`: the first line of the host's own message (no stack), for a log. */
  detail?: string;
}

/** What an `EmisClient` promise rejects with: `EmisApiError`, or a bad argument. */
export type EmisClientError = EmisApiError | EmisInputError | EmisValidationError;

/** Where and how `EmisClient` connects. */
export interface EmisClientConnection {
  /** EMIS base URL, http(s), e.g. `"https://api-emis.kemenag.go.id"`. No user name or password in it. */
  baseUrl: string;
  /** SIMPEG base URL (default: `baseUrl`). */
  simpegBaseUrl?: string;
  /** Path prefix of the EMIS API (default `"/v1"`). */
  prefix?: string;
  /** Timeout of one request in milliseconds (default 30000). */
  timeoutMs?: number;
  /** Attempts per call, retries included, 1-10 (default 5; 1 = no retry). */
  maxAttempts?: number;
  /** Allow `sessionToken()` / `setSessionToken()` (default `false`): opt in only if the app stores the token safely. */
  exposeToken?: boolean;
}

/** Exactly one way to log in: operator, partner application, or a Bearer token obtained elsewhere. */
export type EmisClientCredentials =
  | { email: string; password: string; publicKey?: never; privateKey?: never; token?: never }
  | { publicKey: string; privateKey: string; email?: never; password?: never; token?: never }
  | { token: string; email?: never; password?: never; publicKey?: never; privateKey?: never };

/** Options of `new EmisClient(options)`. */
export type EmisClientOptions = EmisClientConnection & EmisClientCredentials;

/** An EMIS master-data reference (`m_*`): an id, a code, or an object. */
export type Master = number | string | { id?: number; code?: string; name?: string };

/** Address fields (EMIS names). */
export interface Alamat {
  address?: string;
  rt?: string;
  rw?: string;
  postal_code_num?: string;
  m_province?: Master;
  m_city?: Master;
  m_district?: Master;
  m_sub_district?: Master;
  /** Kemendagri region code. */
  kode_wilayah?: string;
}

/** Parents and guardian of a santri. */
export interface OrangTua {
  father_full_name?: string;
  father_nik?: string;
  father_birth_date?: string;
  father_latest_education?: string;
  father_phone_number?: string;
  mother_full_name?: string;
  mother_nik?: string;
  mother_birth_date?: string;
  mother_latest_education?: string;
  mother_phone_number?: string;
  wali_full_name?: string;
  wali_nik?: string;
  is_kk_same_father?: boolean;
}

/** Learning activity of a santri in a period. */
export interface AktivitasBelajar {
  academic_year_id?: number;
  m_level_id?: Master;
  tingkat?: string;
  study_group?: string;
  student_status?: Master;
  admission_date?: string;
  start_date?: string;
  exit_date?: string;
  exit_reason?: string;
  exit_destination?: string;
}

/** A santri as the client returns it: EMIS JSON names; identifiers are strings as received. */
export interface Santri extends Alamat {
  /** Server id (for `santriDetail` and batch updates). */
  id?: string;
  full_name: string;
  nik?: string;
  kk_num?: string;
  nisn?: string;
  local_nis?: string;
  birth_place?: string;
  birth_date?: string;
  m_gender?: Master;
  m_religion?: Master;
  handphone?: string;
  status_mukim?: "mukim" | "non-mukim";
  m_residence_status?: Master;
  parents: OrangTua;
  learning_activity?: AktivitasBelajar;
}

/** One step of a GTK's education. */
export interface RiwayatPendidikan {
  jenjang: string;
  institution: string | null;
  graduation_year: number | null;
}

/** A civil-service record from SIMPEG (dates `YYYY-MM-DD`). */
export interface SimpegSnapshot {
  nip_baru: string | null;
  nama_lengkap: string | null;
  tanggal_lahir: string | null;
  jenis_kelamin: "L" | "P" | null;
  status_pegawai: string | null;
  pangkat: string | null;
  gol_ruang: string | null;
  tmt_cpns: string | null;
  jabatan: string | null;
  bidang_studi: string | null;
  kode_satuan_kerja: string | null;
  satker: string | null;
  /** SIMPEG's fields as received. */
  raw?: Record<string, unknown>;
}

/** A GTK (teacher or staff) as the client returns it: EMIS JSON names. */
export interface Gtk {
  id?: string;
  full_name: string;
  nik?: string;
  kk_num?: string;
  nip?: string;
  nuptk?: string;
  birth_place?: string;
  birth_date?: string;
  m_gender?: Master;
  mother_name?: string;
  status_kepegawaian?: string;
  jabatan?: string;
  bidang_studi?: string;
  tmt_tugas?: string;
  education_history?: RiwayatPendidikan[];
  simpeg?: SimpegSnapshot;
  peg_id?: string;
}

/** Operating permit of a lembaga. */
export interface IzinOperasional {
  number: string | null;
  date: string | null;
  issuer: string | null;
}

/** A lembaga: EMIS JSON names; `institution_group_id` 1-7 (pontren, pkpps, spm, pdf, mahad_aly, lpq, mdt). */
export interface Lembaga {
  id?: string;
  institution_group_id?: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  name: string;
  statistic_num?: string;
  npsn?: string;
  jenjang?: string[];
  status?: "negeri" | "swasta";
  address: Alamat;
  izin_operasional?: IzinOperasional;
  pimpinan?: string;
  akreditasi?: string;
  tipologi?: string;
  parent_statistic_num?: string;
}

/** A period (academic year) of the server; dates `YYYY-MM-DD`. */
export interface Periode {
  academic_year_id: number;
  name: string;
  open_date: string | null;
  close_date: string | null;
  bap_deadline: string | null;
  is_active: boolean;
}

/** Paging metadata the server sent (`null` when it did not). */
export interface PageMeta {
  page: number | null;
  perPage: number | null;
  total: number | null;
  totalPages: number | null;
}

/** One page of santri. */
export interface SantriPage {
  items: Santri[];
  meta: PageMeta;
}

/** What a change does. EMIS never deletes: removal is `deactivate` or `mutasi_keluar`. */
export type ChangeOp = "create" | "update" | "mutasi_keluar" | "mutasi_masuk" | "deactivate";

/** Transfer details of a change. */
export interface Mutasi {
  arah?: "masuk" | "keluar";
  tanggal?: string | null;
  alasan?: string | null;
  jenis_tujuan?: string | null;
  dari_statistic_num?: string | null;
  ke_statistic_num?: string | null;
  disetujui?: boolean;
}

/** One item of a batch write (EMIS field names in `key` and `fields`). */
export interface Change {
  op: ChangeOp;
  /** Server id (update, mutasi, deactivate). */
  id?: string | null;
  /** Natural key, e.g. `{ nik: "..." }`. */
  key?: Record<string, unknown>;
  /** Fields to set. */
  fields?: Record<string, unknown>;
  mutasi?: Mutasi | null;
  /** Reason (deactivate). */
  reason?: string | null;
}

/** The server's answer for one item of a batch. */
export interface ItemResult {
  /** Index of the item in the batch. */
  index: number;
  status: "applied" | "rejected";
  /** Server id of the record. */
  id: string | null;
  /** Rejection code, e.g. `"sync.nik_aktif_di_lembaga_lain"`. */
  code: string | null;
  message: string | null;
}

/** Result of `simpegLookup`. */
export type SimpegLookup = { found: false } | { found: true; snapshot: SimpegSnapshot };

/** Traffic of one client so far (retries included). */
export interface Traffic {
  requests: number;
  bytesIn: number;
  bytesOut: number;
}
"#;

#[cfg(test)]
mod tests {
    use super::KINDS_TS;
    use emis_core::id::IdKind;

    #[test]
    fn kind_types_list_every_kind_and_name() {
        for kind in IdKind::ALL {
            assert!(KINDS_TS.contains(&format!("\"{}\"", kind.code_prefix())), "{kind:?}");
            assert!(KINDS_TS.contains(&format!("\"{}\"", kind.name())), "{kind:?}");
            for alias in kind.aliases() {
                assert!(KINDS_TS.contains(&format!("\"{alias}\"")), "{alias}");
            }
        }
        assert!(KINDS_TS.contains(
            "export type IdKind = \"nik\" | \"kk\" | \"nisn\" | \"nip\" | \"nuptk\" | \"nomor_statistik\" | \"npsn\" | \"nism\";"
        ));
        assert!(KINDS_TS.contains("export type IdKindName =\n  | IdKind\n  | \"no_kk\" | \"nokk\" | \"kk_num\"\n"));
    }
}
