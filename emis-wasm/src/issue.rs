//! Issues as JavaScript sees them: the one conversion of a core [`Issue`], used by results
//! ([`crate::convert`]) and by errors ([`crate::error`]). camelCase, messages rendered, the
//! input only when the caller asked for it.

use emis_core::Severity;
use emis_core::catalog::Lang;
use emis_core::forms;
use emis_core::report::Issue;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

/// One issue as JS sees it (camelCase, messages rendered, input only when asked for).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IssueOut<'a> {
    pub code: &'a str,
    pub severity: Severity,
    pub rule: u8,
    pub path: &'a str,
    pub message_id: String,
    pub message_en: String,
    pub hint_id: &'a str,
    pub hint_en: &'a str,
    pub params: ParamsOut<'a>,
    /// Other fields the issue concerns (`[3].birth_date` beside `[3].nik`), so a form can
    /// mark both; empty for an issue about one field.
    pub related_paths: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<&'a str>,
}

/// Message parameters as an object (never personal data: lengths, region codes...).
pub struct ParamsOut<'a>(&'a [(&'static str, String)]);

impl Serialize for ParamsOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<'a> IssueOut<'a> {
    pub fn from_issue(i: &'a Issue) -> IssueOut<'a> {
        let row = i.rule();
        IssueOut {
            code: i.code,
            severity: i.severity,
            rule: row.map_or(0, |r| r.rule),
            path: &i.path,
            message_id: i.message(Lang::Id),
            message_en: i.message(Lang::En),
            hint_id: i.hint(Lang::Id),
            hint_en: i.hint(Lang::En),
            params: ParamsOut(&i.params),
            related_paths: forms::related_paths(i),
            input: i.input.as_ref().map(|s| s.expose()),
        }
    }

    /// An issue about the call itself (binding codes, not in the catalogue).
    pub fn binding(code: &'a str, path: &'a str, msg: (&str, &str), hint: (&'a str, &'a str)) -> IssueOut<'a> {
        IssueOut {
            code,
            severity: Severity::Invalid,
            rule: 0,
            path,
            message_id: msg.0.to_string(),
            message_en: msg.1.to_string(),
            hint_id: hint.0,
            hint_en: hint.1,
            params: ParamsOut(&[]),
            related_paths: Vec::new(),
            input: None,
        }
    }
}
