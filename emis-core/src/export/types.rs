//! The diff's options, result and errors.

use serde::Serialize;
use std::fmt;

/// Which of the two files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Side {
    /// The first file (the older export, usually).
    A,
    /// The second file.
    B,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::A => "A",
            Side::B => "B",
        })
    }
}

/// What is wrong with a malformed CSV record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Malformed {
    /// A quoted field is not closed before the end of the file.
    UnclosedQuote,
    /// Something other than a delimiter or a line end follows a closing quote.
    TextAfterQuote,
    /// The record has a different number of fields than the header.
    FieldCount {
        /// Fields in the header.
        expected: usize,
        /// Fields in this record.
        found: usize,
    },
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Malformed::UnclosedQuote => f.write_str("tanda kutip tidak ditutup / unclosed quote"),
            Malformed::TextAfterQuote => f.write_str("teks setelah tanda kutip penutup / text after a closing quote"),
            Malformed::FieldCount { expected, found } => write!(
                f,
                "{found} kolom, header punya {expected} / {found} fields, the header has {expected}"
            ),
        }
    }
}

/// Why two exports cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DiffError {
    /// A record cannot be read. `line` is the physical line (the header is line 1) where the
    /// record starts.
    #[error("berkas {side} baris {line}: {kind} / file {side} line {line}: CSV rusak / malformed CSV")]
    Malformed {
        /// Which file.
        side: Side,
        /// Line where the record starts (1-based, header = 1).
        line: u64,
        /// What is wrong.
        kind: Malformed,
    },
    /// The file has no header row.
    #[error("berkas {side} kosong, tanpa baris header / file {side} is empty (no header row)")]
    NoHeader {
        /// Which file.
        side: Side,
    },
    /// The key column is not in the header.
    #[error("berkas {side} tidak punya kolom kunci `{key}` / file {side} has no key column `{key}`")]
    NoKeyColumn {
        /// Which file.
        side: Side,
        /// The key column asked for.
        key: String,
    },
    /// The spreadsheet reader could not read a workbook or non-UTF-8 file ([`diff_files`]).
    #[error("berkas {side} tidak dapat dibaca: {message} / file {side} cannot be read")]
    Unreadable {
        /// Which file.
        side: Side,
        /// The reader's error (names no value).
        message: String,
    },
    /// More rows than the index can hold (2³² − 1).
    #[error("berkas {side} terlalu besar / file {side} has too many rows")]
    TooLarge {
        /// Which file.
        side: Side,
    },
}

/// Options of [`diff_csv`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffOptions {
    /// The key column (header names are matched trimmed and case-insensitively). Default `nik`.
    pub key: String,
    /// List at most this many masked keys in each list of the result (changed, only in A,
    /// only in B, duplicates). Default 0: counts only.
    pub max_keys: usize,
    /// Use two threads (native targets only; wasm32 always runs on the calling thread).
    /// Default true.
    pub parallel: bool,
}

impl Default for DiffOptions {
    fn default() -> DiffOptions {
        DiffOptions {
            key: "nik".into(),
            max_keys: 0,
            parallel: true,
        }
    }
}

/// Per-file facts of a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileSummary {
    /// Data rows (header and blank lines not counted).
    pub rows: u64,
    /// The delimiter found in the header (`,` or `;`).
    pub delimiter: char,
    /// Columns in the header.
    pub columns: usize,
    /// Distinct keys that occur on more than one row.
    pub duplicate_keys: u64,
    /// Rows whose key already occurred on an earlier row (not compared).
    pub duplicate_rows: u64,
    /// Rows with an empty key (not compared).
    pub empty_key_rows: u64,
    /// The first duplicated keys (masked), in file order; at most `max_keys`.
    pub duplicate_key_list: Vec<String>,
}

/// Changes in one compared column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnChanges {
    /// Column name (as in file A's header, trimmed).
    pub column: String,
    /// Matched rows whose value differs.
    pub changed: u64,
}

/// One changed row: its masked key and the columns that differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangedKey {
    /// The key, masked ([`crate::pii::mask_number`]).
    pub key: String,
    /// The columns whose values differ.
    pub columns: Vec<String>,
}

/// The result of [`diff_csv`]. Counts are per distinct key (the first row of a key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportDiff {
    /// The key column.
    pub key: String,
    /// File A.
    pub a: FileSummary,
    /// File B.
    pub b: FileSummary,
    /// Keys only in A.
    pub only_a: u64,
    /// Keys only in B.
    pub only_b: u64,
    /// Keys in both whose compared values differ.
    pub changed: u64,
    /// Keys in both with equal compared values.
    pub same: u64,
    /// Columns compared (in both headers, except the key), in A's order.
    pub compared_columns: Vec<String>,
    /// Columns only A has (not compared).
    pub columns_only_a: Vec<String>,
    /// Columns only B has (not compared).
    pub columns_only_b: Vec<String>,
    /// Changes per compared column, in the order of `compared_columns`.
    pub column_changes: Vec<ColumnChanges>,
    /// The first changed keys (masked) in A's order, at most `max_keys`.
    pub changed_keys: Vec<ChangedKey>,
    /// The first keys only in A (masked), at most `max_keys`.
    pub only_a_keys: Vec<String>,
    /// The first keys only in B (masked), at most `max_keys`.
    pub only_b_keys: Vec<String>,
}

impl ExportDiff {
    /// True when no key was added, removed or changed and both files have the same number of
    /// duplicate and empty-key rows (a file diffed with itself is identical).
    pub fn is_identical(&self) -> bool {
        self.only_a == 0
            && self.only_b == 0
            && self.changed == 0
            && self.a.duplicate_rows == self.b.duplicate_rows
            && self.a.empty_key_rows == self.b.empty_key_rows
    }
}
