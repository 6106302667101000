//! What a check of one identifier gives: its parts for display, its issues, and the error of
//! a value that is not valid.

use super::*;

/// A named piece of a parsed identifier, for display (`provinsi` → `35 JAWA TIMUR`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    /// Stable key.
    pub name: &'static str,
    /// Readable value.
    pub value: String,
}

/// Collects parts only when asked (checks inside record rules skip the formatting).
pub(crate) struct Parts {
    on: bool,
    pub(crate) v: Vec<Part>,
}

impl Parts {
    pub(crate) fn new(on: bool) -> Parts {
        Parts { on, v: Vec::new() }
    }
    pub(crate) fn add(&mut self, name: &'static str, value: impl FnOnce() -> String) {
        if self.on {
            self.v.push(Part { name, value: value() });
        }
    }
}

pub(crate) fn part(name: &'static str, value: impl Into<String>) -> Part {
    Part {
        name,
        value: value.into(),
    }
}

/// Parts that would give away the hidden digits of a masked personal identifier: shown as
/// `*` by [`IdReport::masked_parts`].
pub const SENSITIVE_PARTS: &[&str] = &[
    "tanggal_lahir",
    "nomor_urut",
    "tmt",
    "tahun_pengangkatan",
    "tahun_masuk",
];

impl Part {
    /// True for a part that would give away hidden digits of a masked personal number
    /// ([`SENSITIVE_PARTS`]).
    pub fn is_sensitive(&self) -> bool {
        SENSITIVE_PARTS.contains(&self.name)
    }
}

/// The result of checking one identifier: every issue, and the parts when it could be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdReport {
    /// Which identifier.
    pub kind: IdKind,
    /// Worst severity.
    pub verdict: Verdict,
    /// Every issue found.
    pub issues: Vec<Issue>,
    /// The parts (empty when the digits could not be read).
    pub parts: Vec<Part>,
    /// See [`IdReport::value_masked`]. Not serialised: reports keep their shape.
    #[serde(skip)]
    value_masked: Option<String>,
}

impl IdReport {
    pub(super) fn new(kind: IdKind, digits: Option<&[u8]>, issues: Vec<Issue>, parts: Vec<Part>) -> IdReport {
        let value_masked = digits.map(|d| {
            let d = std::str::from_utf8(d).unwrap_or_default();
            if kind.is_personal() {
                crate::pii::mask_number(d)
            } else {
                d.to_string()
            }
        });
        IdReport {
            kind,
            verdict: verdict_of(&issues),
            issues,
            parts,
            value_masked,
        }
    }
    /// True unless invalid.
    pub fn is_valid(&self) -> bool {
        self.verdict.is_valid()
    }
    /// Codes of the issues, in order.
    pub fn codes(&self) -> Vec<&'static str> {
        self.issues.iter().map(|i| i.code).collect()
    }
    /// The value as reports show it: the normalised digits, masked for personal identifiers
    /// (`3517**********01`, as [`crate::pii::mask_number`]), in full for institution numbers
    /// (`510033110106`). `None` when the input could not be read as the kind's digits (empty,
    /// other characters, wrong length); the value may still be invalid when it is `Some`.
    pub fn value_masked(&self) -> Option<&str> {
        self.value_masked.as_deref()
    }
    /// The parts with the [sensitive](SENSITIVE_PARTS) ones of a personal identifier shown as
    /// `*` (one per character): a birth date or serial would give away the digits
    /// [`value_masked`](Self::value_masked) hides. Institution numbers keep every part.
    pub fn masked_parts(&self) -> Vec<Part> {
        let personal = self.kind.is_personal();
        self.parts
            .iter()
            .map(|p| {
                if personal && p.is_sensitive() {
                    part(p.name, "*".repeat(p.value.chars().count()))
                } else {
                    p.clone()
                }
            })
            .collect()
    }
}

/// Error returned by `parse` when an identifier is invalid. Its `Display` names the codes and
/// Indonesian messages, never the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} tidak valid: {}", kind.label(), summary(issues))]
pub struct IdError {
    /// Which identifier.
    pub kind: IdKind,
    /// Every issue (invalid ones and warnings).
    pub issues: Vec<Issue>,
}

fn summary(issues: &[Issue]) -> String {
    issues
        .iter()
        .filter(|i| i.severity == crate::catalog::Severity::Invalid)
        .map(|i| format!("{} ({})", i.message(crate::catalog::Lang::Id), i.code))
        .collect::<Vec<_>>()
        .join("; ")
}

impl IdError {
    /// Codes of the issues.
    pub fn codes(&self) -> Vec<&'static str> {
        self.issues.iter().map(|i| i.code).collect()
    }
    /// The code of the first invalid issue ([`crate::report::first_invalid`]): the code the
    /// bindings' errors carry. Empty only for an error without issues (never built here).
    pub fn code(&self) -> &'static str {
        crate::report::first_invalid(&self.issues).map_or("", |i| i.code)
    }
}
