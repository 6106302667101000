//! The tolerant reader: decode what a real EMIS server sends without letting one odd field
//! stop a sync, and without guessing on the fields the sync decides on.
//!
//! [`decode`] first deserialises the value as it is (the fast path: the model's field
//! readers already accept numbers as strings, `null`, capitalised enum values, an address
//! as one string...). When that fails at a JSON path outside the *strict* list, the value
//! there is set to `null` (or, if `null` is refused too, removed), a [`ShapeWarning`] names
//! the path and the expected type, and decoding is tried again. A failure on a strict path —
//! or on a path above one, like `parents` for `parents.mother_full_name`, or on the record
//! itself — is a [`RecordError`] naming the path. Neither carries the value received.

use super::{RecordError, redact_serde_message};
use crate::catalog::codes;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_path_to_error::Segment;

/// The code of a shape warning in sync reports.
pub const SHAPE_CODE: &str = codes::SERVER_BENTUK_TAK_TERDUGA.as_str();

/// How many repairs (a value set to `null`, or removed when `null` is refused too) one record
/// may need before it counts as unreadable.
pub const MAX_REPAIRS: usize = 256;

/// Santri fields the sync decides on: a wrong shape there is an error, never a warning.
/// Includes the other names the record reads for them (`nama`, `no_kk`, `tempat_lahir`,
/// `tanggal_lahir`).
pub const SANTRI_STRICT: &[&str] = &[
    "id",
    "nik",
    "nisn",
    "kk_num",
    "no_kk",
    "full_name",
    "nama",
    "birth_date",
    "tanggal_lahir",
    "birth_place",
    "tempat_lahir",
    "parents.mother_full_name",
];

/// GTK fields the sync decides on (with the other names read for them: `nama`, `ni_pppk`).
pub const GTK_STRICT: &[&str] = &[
    "id",
    "nik",
    "nip",
    "ni_pppk",
    "nuptk",
    "full_name",
    "nama",
    "birth_date",
    "birth_place",
];

/// Lembaga fields the sync decides on (the server id under both names, the statistic number
/// and the NPSN).
pub const LEMBAGA_STRICT: &[&str] = &["id", "institution_id", "statistic_num", "npsn"];

/// A value the server sent in a shape the client did not expect: read as best it could be
/// (a number as text, an object's name...), or left out of the record when unreadable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShapeWarning {
    /// JSON path of the value (`results[3].address`, `address.m_city`).
    pub path: String,
    /// The type that was expected there (never the value received).
    pub expected: String,
}

impl ShapeWarning {
    /// The warning's code, [`SHAPE_CODE`].
    pub fn code(&self) -> &'static str {
        codes::SERVER_BENTUK_TAK_TERDUGA.emit()
    }
    /// Message in Bahasa Indonesia.
    pub fn message_id(&self) -> String {
        format!(
            "Data dari server EMIS di `{}` berbentuk lain dari yang diharapkan ({}); nilai itu diabaikan, data lainnya tetap dibaca.",
            self.path, self.expected
        )
    }
    /// Message in English.
    pub fn message_en(&self) -> String {
        format!(
            "The EMIS server sent `{}` in an unexpected shape (expected {}); that value was left out, the rest was read.",
            self.path, self.expected
        )
    }
    /// Message in a language.
    pub fn message(&self, lang: crate::Lang) -> String {
        match lang {
            crate::Lang::Id => self.message_id(),
            crate::Lang::En => self.message_en(),
        }
    }
    /// The same warning under a prefix (`results[3]` + `address`).
    pub fn prefixed(mut self, prefix: &str) -> ShapeWarning {
        self.path = join(prefix, &self.path);
        self
    }
}

fn join(prefix: &str, path: &str) -> String {
    if prefix.is_empty() {
        path.to_string()
    } else if path.is_empty() || path == "." {
        prefix.to_string()
    } else if path.starts_with('[') {
        format!("{prefix}{path}")
    } else {
        format!("{prefix}.{path}")
    }
}

/// Decodes one record (see the module documentation). `strict` lists paths relative to the
/// record (`nik`, `parents.mother_full_name`); each covers itself and everything below it.
pub fn decode<T: DeserializeOwned>(v: Value, strict: &[&str]) -> Result<(T, Vec<ShapeWarning>), RecordError> {
    decode_at(v, strict, "")
}

/// Decodes a list of records; paths are `prefix[i].field` (`results[3].nik`). Stops at the
/// first record with a strict failure.
pub fn decode_rows<T: DeserializeOwned>(
    rows: Vec<Value>,
    strict: &[&str],
    prefix: &str,
) -> Result<(Vec<T>, Vec<ShapeWarning>), RecordError> {
    let mut out = Vec::with_capacity(rows.len());
    let mut warnings = Vec::new();
    for (i, row) in rows.into_iter().enumerate() {
        // Fast path: most rows decode as they are.
        if let Ok(t) = T::deserialize(&row) {
            out.push(t);
            continue;
        }
        let (t, w) = repair_loop(row, strict, &format!("{prefix}[{i}]"))?;
        out.push(t);
        warnings.extend(w);
    }
    Ok((out, warnings))
}

/// The JSON type a field has in EMIS's list rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A string.
    Text,
    /// A number.
    Number,
    /// An object (`{id, name}` masters, `parents`, `learning_activity`).
    Object,
}

impl Shape {
    fn matches(self, v: &Value) -> bool {
        match self {
            Shape::Text => v.is_string(),
            Shape::Number => v.is_number(),
            Shape::Object => v.is_object(),
        }
    }
    fn name(self) -> &'static str {
        match self {
            Shape::Text => "teks / text",
            Shape::Number => "angka / number",
            Shape::Object => "objek / object",
        }
    }
}

/// The shapes of the santri list's non-decisive fields as EMIS sends them (domain.md §4.1):
/// a value of another type is still read (lenient readers) and reported.
pub const SANTRI_SHAPES: &[(&str, Shape)] = &[
    ("address", Shape::Text),
    ("rt", Shape::Text),
    ("rw", Shape::Text),
    ("postal_code_num", Shape::Text),
    ("kode_wilayah", Shape::Text),
    ("status_mukim", Shape::Text),
    ("m_gender", Shape::Object),
    ("m_religion", Shape::Object),
    ("m_residence_status", Shape::Object),
    ("parents", Shape::Object),
    ("learning_activity", Shape::Object),
    ("learning_activity.academic_year_id", Shape::Number),
    ("learning_activity.m_level_id", Shape::Object),
    ("learning_activity.student_status", Shape::Object),
    ("learning_activity.tingkat", Shape::Text),
];

/// Warns about every field of `row` listed in `shapes` that is present, not null, and of
/// another JSON type (the value is never copied into the warning).
pub fn audit(row: &Value, shapes: &[(&str, Shape)], prefix: &str, out: &mut Vec<ShapeWarning>) {
    for (path, shape) in shapes {
        let mut cur = Some(row);
        for part in path.split('.') {
            cur = cur.and_then(|c| c.get(part));
        }
        if let Some(v) = cur
            && !v.is_null()
            && !shape.matches(v)
        {
            out.push(ShapeWarning {
                path: if prefix.is_empty() {
                    path.to_string()
                } else {
                    format!("{prefix}.{path}")
                },
                expected: shape.name().to_string(),
            });
        }
    }
}

/// [`decode_rows`] that also [`audit`]s each row's shapes.
pub fn decode_rows_audited<T: DeserializeOwned>(
    rows: Vec<Value>,
    strict: &[&str],
    shapes: &[(&str, Shape)],
    prefix: &str,
) -> Result<(Vec<T>, Vec<ShapeWarning>), RecordError> {
    let mut warnings = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        audit(row, shapes, &format!("{prefix}[{i}]"), &mut warnings);
    }
    let (out, w) = decode_rows(rows, strict, prefix)?;
    warnings.extend(w);
    Ok((out, warnings))
}

fn decode_at<T: DeserializeOwned>(
    v: Value,
    strict: &[&str],
    prefix: &str,
) -> Result<(T, Vec<ShapeWarning>), RecordError> {
    if let Ok(t) = T::deserialize(&v) {
        return Ok((t, Vec::new()));
    }
    repair_loop(v, strict, prefix)
}

fn repair_loop<T: DeserializeOwned>(
    mut v: Value,
    strict: &[&str],
    prefix: &str,
) -> Result<(T, Vec<ShapeWarning>), RecordError> {
    let mut warnings: Vec<ShapeWarning> = Vec::new();
    // Items removed from arrays so far, by array path (original indices), so later paths
    // still name the items as the server numbered them.
    let mut removed: Vec<(String, Vec<usize>)> = Vec::new();
    for _ in 0..=MAX_REPAIRS {
        let err = match serde_path_to_error::deserialize::<_, T>(&v) {
            Ok(t) => return Ok((t, warnings)),
            Err(e) => e,
        };
        let segs: Vec<Segment> = err.path().iter().cloned().collect();
        let (path, last_array) = original_path(&segs, &removed);
        let message = err.inner().to_string();
        let fail = |path: &str| RecordError {
            path: join(prefix, path),
            message: redact_serde_message(&message),
        };
        if segs.is_empty() || segs.iter().any(|s| matches!(s, Segment::Unknown)) || is_strict(&path, strict) {
            return Err(fail(&path));
        }
        match repair(&mut v, &segs) {
            Repair::Failed => return Err(fail(&path)),
            Repair::Nulled => {}
            Repair::Removed => {
                if let (Some((array, original)), Some(Segment::Seq { .. })) = (last_array, segs.last()) {
                    match removed.iter_mut().find(|(a, _)| *a == array) {
                        Some((_, list)) => {
                            list.push(original);
                            list.sort_unstable();
                        }
                        None => removed.push((array, vec![original])),
                    }
                }
            }
        }
        let w = ShapeWarning {
            path: join(prefix, &path),
            expected: expected_of(&message),
        };
        if !warnings.iter().any(|x| x.path == w.path) {
            warnings.push(w);
        }
    }
    Err(RecordError {
        path: join(prefix, "."),
        message: format!(
            "lebih dari {MAX_REPAIRS} nilai berbentuk tak terduga / more than {MAX_REPAIRS} values of an unexpected shape"
        ),
    })
}

/// The path with array indices as the server sent them (before any removal), and for the
/// last array on the path: its key and the original index.
fn original_path(segs: &[Segment], removed: &[(String, Vec<usize>)]) -> (String, Option<(String, usize)>) {
    let mut key = String::new();
    let mut out = String::new();
    let mut last = None;
    for s in segs {
        match s {
            Segment::Seq { index } => {
                let mut i = *index;
                if let Some((_, list)) = removed.iter().find(|(a, _)| *a == key) {
                    for r in list {
                        if *r <= i {
                            i += 1;
                        }
                    }
                }
                last = Some((key.clone(), i));
                key.push_str(&format!("[{index}]"));
                out.push_str(&format!("[{i}]"));
            }
            Segment::Map { key: k } | Segment::Enum { variant: k } => {
                for p in [&mut key, &mut out] {
                    if !p.is_empty() {
                        p.push('.');
                    }
                    p.push_str(k);
                }
            }
            Segment::Unknown => {
                key.push_str(".?");
                out.push_str(".?");
            }
        }
    }
    if out.is_empty() {
        out.push('.');
    }
    (out, last)
}

/// True when `path` is a strict path, below one, or above one.
fn is_strict(path: &str, strict: &[&str]) -> bool {
    let below =
        |p: &str, s: &str| p.len() > s.len() && p.starts_with(s) && matches!(p.as_bytes()[s.len()], b'.' | b'[');
    strict.iter().any(|s| path == *s || below(path, s) || below(s, path))
}

enum Repair {
    Nulled,
    Removed,
    Failed,
}

/// Sets the value at `segs` to null, or removes it when it is null already.
fn repair(root: &mut Value, segs: &[Segment]) -> Repair {
    let Some((last, parents)) = segs.split_last() else {
        return Repair::Failed;
    };
    let mut cur = root;
    for s in parents {
        cur = match (s, cur) {
            (Segment::Seq { index }, Value::Array(a)) => match a.get_mut(*index) {
                Some(x) => x,
                None => return Repair::Failed,
            },
            (Segment::Map { key } | Segment::Enum { variant: key }, Value::Object(m)) => match m.get_mut(key) {
                Some(x) => x,
                None => return Repair::Failed,
            },
            _ => return Repair::Failed,
        };
    }
    match (last, cur) {
        (Segment::Seq { index }, Value::Array(a)) if *index < a.len() => {
            if a[*index].is_null() {
                a.remove(*index);
                Repair::Removed
            } else {
                a[*index] = Value::Null;
                Repair::Nulled
            }
        }
        (Segment::Map { key } | Segment::Enum { variant: key }, Value::Object(m)) => match m.get_mut(key) {
            Some(x) if !x.is_null() => {
                *x = Value::Null;
                Repair::Nulled
            }
            Some(_) => {
                m.remove(key);
                Repair::Removed
            }
            None => Repair::Failed,
        },
        _ => Repair::Failed,
    }
}

/// The expected type from a serde message (`invalid type: map, expected text or a number`
/// → `text or a number`), with any value removed.
fn expected_of(message: &str) -> String {
    let m = message.split(" at line ").next().unwrap_or(message);
    let text = match m.rfind("expected ") {
        Some(i) => &m[i + "expected ".len()..],
        None => m,
    };
    let mut out = redact_serde_message(text.trim());
    if out.chars().count() > 160 {
        out = out.chars().take(160).collect::<String>() + "…";
    }
    out
}

#[cfg(test)]
mod audit_tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn other_shapes_are_reported_with_their_path_and_no_value() {
        let rows = vec![
            serde_json::json!({"full_name": "A", "rt": "01", "m_gender": {"id": 1}, "learning_activity": {"academic_year_id": 19}}),
            serde_json::json!({"full_name": "B", "rt": 1, "m_gender": "L", "learning_activity": {"academic_year_id": "19"}, "address": null}),
        ];
        let (recs, w): (Vec<crate::model::Santri>, _) =
            decode_rows_audited(rows, SANTRI_STRICT, SANTRI_SHAPES, "results").unwrap();
        assert_eq!(recs.len(), 2);
        let paths: Vec<&str> = w.iter().map(|w| w.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "results[1].rt",
                "results[1].m_gender",
                "results[1].learning_activity.academic_year_id"
            ]
        );
        assert!(w.iter().all(|w| !w.expected.contains('1')));
        assert_eq!(recs[1].academic_year_id(), Some(19), "still read");
    }
}
