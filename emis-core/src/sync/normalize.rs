//! Normalisation for matching: names (case, spaces, punctuation, common spellings), places,
//! and a canonical content hash of a record's comparable fields.

use crate::date::Date;
use crate::model::Santri;

/// Common spellings folded to one form before comparing names.
const SPELLINGS: &[(&str, &str)] = &[
    ("muhammad", "muhammad"),
    ("muhamad", "muhammad"),
    ("muhammed", "muhammad"),
    ("mohammad", "muhammad"),
    ("mohamad", "muhammad"),
    ("mohammed", "muhammad"),
    ("muhamat", "muhammad"),
    ("moh", "muhammad"),
    ("moch", "muhammad"),
    ("mochammad", "muhammad"),
    ("mochamad", "muhammad"),
    ("muh", "muhammad"),
    ("m", "muhammad"),
    ("achmad", "ahmad"),
    ("akhmad", "ahmad"),
    ("ahmat", "ahmad"),
    ("abdul", "abdul"),
    ("abd", "abdul"),
    ("nurul", "nurul"),
    ("siti", "siti"),
    ("sitti", "siti"),
];

/// Lower-case words of letters and digits, spaces collapsed, common spellings folded
/// (`M. Rizky` and `Muhammad  rizky` both give `muhammad rizky`).
pub fn normalize_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name
        .split(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | '-' | '_'))
        .filter(|w| !w.is_empty())
    {
        let w: String = word
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        if w.is_empty() {
            continue;
        }
        let folded = SPELLINGS.iter().find(|(k, _)| *k == w).map(|(_, v)| *v).unwrap_or(&w);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(folded);
    }
    out
}

/// Birth place for comparison: canonical form (no `KAB.`/`KOTA` prefix), lower case.
pub fn normalize_place(place: &str) -> String {
    normalize_name(&crate::rules::canonical_place(place))
}

/// Digits only.
pub fn digits(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_digit()).collect()
}

/// Jaro-Winkler similarity of two strings (0..=1).
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    strsim::jaro_winkler(a, b)
}

/// The street part of an address, folded: lower case, `Jalan`/`Jl.` alike, punctuation and
/// spaces collapsed, and the administrative tail EMIS may glue on when it sends the address as
/// one string (`…, RT 01/RW 02, Kec. …, Kab. …`) dropped — those parts are compared as their
/// own fields.
pub fn normalize_address(a: &str) -> String {
    const TAIL: [&str; 15] = [
        "rt",
        "rw",
        "kec",
        "kel",
        "desa",
        "kab",
        "kota",
        "prov",
        "kode pos",
        "kecamatan",
        "kelurahan",
        "kabupaten",
        "provinsi",
        "dusun rt",
        "indonesia",
    ];
    let kept: Vec<String> = a
        .split(',')
        .map(|seg| seg.trim().to_lowercase())
        // Everything from the first administrative part on is the tail.
        .take_while(|seg| {
            !TAIL.iter().any(|t| {
                seg.strip_prefix(t)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', ' ', '/', ':']))
            })
        })
        .filter(|seg| !seg.is_empty())
        .collect();
    kept.join(" ")
        .replace("jalan ", "jl ")
        .replace("jl.", "jl ")
        .split(|c: char| c.is_whitespace() || c == '.')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The fields reconcile compares, normalised; `None` = the side does not carry the field.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Comparable {
    /// (field name, normalised value) for every field present.
    pub fields: Vec<(&'static str, String)>,
}

impl Comparable {
    /// Extracts the comparable fields of a santri.
    pub fn of(s: &Santri) -> Comparable {
        let mut f: Vec<(&'static str, String)> = Vec::with_capacity(12);
        let mut put = |k: &'static str, v: Option<String>| {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                f.push((k, v));
            }
        };
        put("full_name", Some(normalize_name(s.full_name.expose())));
        put("nik", s.nik.as_ref().map(|v| digits(v.expose())));
        put("nisn", s.nisn.as_ref().map(|v| digits(v.expose())));
        put("kk_num", s.kk_num.as_ref().map(|v| digits(v.expose())));
        put("birth_place", s.birth_place.as_deref().map(normalize_place));
        put(
            "birth_date",
            s.birth_date.as_deref().map(|d| {
                Date::parse(d)
                    .map(|d| d.to_string())
                    .unwrap_or_else(|_| d.trim().to_string())
            }),
        );
        put("m_gender", s.jenis_kelamin().map(|j| j.as_str().to_string()));
        put(
            "parents.mother_full_name",
            s.parents.mother_full_name.as_ref().map(|m| normalize_name(m.expose())),
        );
        put("status_mukim", s.status_mukim.map(|m| format!("{m:?}")));
        // The address is compared (and so pushed) like any other field: folded case and
        // spaces, `Jl.`/`Jalan` alike.
        put("address", s.alamat.address.as_deref().map(normalize_address));
        put(
            "rt",
            s.alamat
                .rt
                .as_deref()
                .map(|v| digits(v).trim_start_matches('0').to_string()),
        );
        put(
            "rw",
            s.alamat
                .rw
                .as_deref()
                .map(|v| digits(v).trim_start_matches('0').to_string()),
        );
        put("postal_code_num", s.alamat.postal_code_num.as_deref().map(digits));
        put("local_nis", s.local_nis.as_deref().map(digits));
        if let Some(la) = &s.learning_activity {
            put(
                "learning_activity.study_group",
                la.study_group
                    .as_deref()
                    .map(|g| g.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()),
            );
        }
        Comparable { fields: f }
    }

    /// Value of a field.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_str())
    }

    /// Canonical content hash (FNV-1a 64 over `name=value\n` in a fixed order).
    pub fn hash(&self) -> u64 {
        fnv1a(
            self.fields
                .iter()
                .flat_map(|(k, v)| k.bytes().chain([b'=']).chain(v.bytes()).chain([b'\n'])),
        )
    }
}

/// FNV-1a 64 over a byte stream: the one content hash of the sync engine (record hashes,
/// batch hashes in idempotency keys, session ids). Stable across versions and platforms.
pub fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// EMIS-shaped JSON merge of two santri: every non-null field of `top` over `base`, nested
/// objects merged field by field. `None` only if a record cannot round-trip through JSON.
pub fn overlay_fields(base: &Santri, top: &Santri) -> Option<Santri> {
    let (Ok(serde_json::Value::Object(mut b)), Ok(serde_json::Value::Object(t))) =
        (serde_json::to_value(base), serde_json::to_value(top))
    else {
        return None;
    };
    fn merge(b: &mut serde_json::Map<String, serde_json::Value>, t: serde_json::Map<String, serde_json::Value>) {
        for (k, v) in t {
            match (b.get_mut(&k), v) {
                (_, serde_json::Value::Null) => {}
                (Some(serde_json::Value::Object(bo)), serde_json::Value::Object(to)) => merge(bo, to),
                (_, v) => {
                    b.insert(k, v);
                }
            }
        }
    }
    merge(&mut b, t);
    serde_json::from_value(serde_json::Value::Object(b)).ok()
}

/// Content hash of a santri, as stored with local records.
pub fn content_hash(s: &Santri) -> u64 {
    Comparable::of(s).hash()
}

/// Canonical content hash of a local record (hex), as stored next to records by apps.
pub fn record_hash(s: &Santri) -> String {
    format!("{:016x}", content_hash(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn one_stable_content_hash() {
        // FNV-1a 64 reference values: idempotency keys and stored hashes must not move.
        assert_eq!(fnv1a(*b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(*b"a"), 0xaf63_dc4c_8601_ec8c);
        let c = Comparable {
            fields: vec![("nik", "1".into()), ("full_name", "a b".into())],
        };
        assert_eq!(c.hash(), fnv1a(*b"nik=1\nfull_name=a b\n"));
    }

    #[test]
    fn names_fold_spellings() {
        assert_eq!(normalize_name("M. Rizky  Pratama"), "muhammad rizky pratama");
        assert_eq!(normalize_name("MUHAMAD rizky-pratama"), "muhammad rizky pratama");
        assert_eq!(normalize_name("Siti Nur'aini"), "siti nuraini");
        assert_eq!(normalize_place("Kab. Semarang"), "semarang");
        assert_eq!(
            normalize_address("Jl. Merdeka No. 5, RT 01/RW 02, Kec. Diwek, Kab. Jombang, Jawa Timur 61471"),
            normalize_address("Jalan Merdeka No 5")
        );
        assert_ne!(
            normalize_address("Jl. Merdeka No. 5"),
            normalize_address("Jl. Merdeka No. 7")
        );
        assert!(jaro_winkler("ahmad fauzi", "ahmad fauzy") > 0.9);
        assert!(jaro_winkler("ahmad fauzi", "siti aminah") < 0.7);
    }
}
