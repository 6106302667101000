//! TypeScript declarations for the shapes the exports return and accept. wasm-bindgen
//! copies this text into the generated `emis_wasm.d.ts`; `js-tests/types.test.cjs` runs
//! `tsc --noEmit` over a usage file against it.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Canonical identifier kinds, as returned in `IdCheck.kind` and `EmisValidationError.kind`. */
export type IdKind = "nik" | "kk" | "nisn" | "nip" | "nuptk" | "nomor_statistik" | "npsn" | "nism";

/** Names accepted where a kind is expected (case-insensitive at run time). */
export type IdKindName =
  | IdKind
  | "no_kk" | "nokk" | "kk_num"
  | "ni_pppk" | "nipppk"
  | "nspp" | "nsm" | "nsmdt" | "nsdt" | "statistic_num"
  | "nis" | "local_nis";

/** `"ok"`: no issue; `"warning"`: only warnings (may be synced); `"invalid"`: blocks sync. */
export type Verdict = "ok" | "warning" | "invalid";

/** Severity of one issue. */
export type Severity = "warning" | "invalid";

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
  scope: "identifier" | "record" | "roster" | "server";
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
  | "input.tidak_terbaca";

/**
 * Thrown when a call is wrong: a value that is not a string, a record that is not an object,
 * an unknown kind, a bad option. An `Error` (a `TypeError` for wrong types, a `RangeError` for
 * an unknown kind).
 */
export interface EmisInputError extends Error {
  name: "EmisInputError";
  code: InputErrorCode;
  /** For a bad option: its name. */
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

/** Every error the package throws on purpose. */
export type EmisError = EmisInputError | EmisValidationError;
"#;
