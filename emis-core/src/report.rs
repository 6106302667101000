//! Issues and reports: what every check returns. A report holds *all* issues found, each
//! with a stable code, a severity, a field path and messages in Bahasa Indonesia and English.

use crate::catalog::{self, Code, Lang, RuleDef, Severity};
use crate::pii::Sensitive;
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

/// Overall verdict of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// No issue.
    Ok,
    /// Only warnings: the value or record may be synced.
    Warning,
    /// At least one invalid issue: must not be synced.
    Invalid,
}

impl Verdict {
    /// `"ok"`, `"warning"` or `"invalid"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Warning => "warning",
            Verdict::Invalid => "invalid",
        }
    }
    /// True unless invalid.
    pub fn is_valid(self) -> bool {
        self != Verdict::Invalid
    }
}

/// One finding.
#[derive(Clone, PartialEq, Eq)]
pub struct Issue {
    /// Stable code from the catalogue, e.g. `nik.tanggal_tidak_valid`.
    pub code: &'static str,
    /// Severity (from the catalogue).
    pub severity: Severity,
    /// Field path, e.g. `nik`, `parents.mother_nik`, `[3].nik`.
    pub path: String,
    /// Message parameters. Never personal data: lengths, region codes, rule details.
    pub params: Vec<(&'static str, String)>,
    /// The offending input, only when the caller asked for inputs (`include_input`).
    pub input: Option<Sensitive>,
}

impl std::fmt::Debug for Issue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Issue")
            .field("code", &self.code)
            .field("severity", &self.severity)
            .field("path", &self.path)
            .field("params", &self.params)
            .field("input", &self.input)
            .finish()
    }
}

impl Issue {
    /// An issue with the catalogue's severity for `code`.
    pub fn new(code: Code, path: impl Into<String>) -> Issue {
        Issue {
            severity: code.def().severity,
            code: code.emit(),
            path: path.into(),
            params: Vec::new(),
            input: None,
        }
    }
    /// Adds a message parameter.
    pub fn with(mut self, key: &'static str, value: impl Into<String>) -> Issue {
        self.params.push((key, value.into()));
        self
    }
    /// The catalogue entry.
    pub fn rule(&self) -> Option<&'static RuleDef> {
        catalog::rule(self.code)
    }
    /// Number of the rule in the rule table (0 if unknown).
    pub fn rule_number(&self) -> u8 {
        self.rule().map(|r| r.rule).unwrap_or(0)
    }
    /// The message in a language, parameters filled in.
    pub fn message(&self, lang: Lang) -> String {
        match self.rule() {
            Some(r) => catalog::render(r.message(lang), &self.params),
            None => self.code.to_string(),
        }
    }
    /// The operator hint in a language.
    pub fn hint(&self, lang: Lang) -> &'static str {
        self.rule().map(|r| r.hint(lang)).unwrap_or("")
    }
    /// Prefixes the path (`nik` → `parents.nik`, or `[3]` + `.nik`).
    pub fn prefixed(mut self, prefix: &str) -> Issue {
        if prefix.is_empty() {
            return self;
        }
        self.path = if self.path.is_empty() {
            prefix.to_string()
        } else if self.path.starts_with('[') {
            format!("{prefix}{}", self.path)
        } else {
            format!("{prefix}.{}", self.path)
        };
        self
    }
}

impl Serialize for Issue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Issue", 9)?;
        st.serialize_field("code", self.code)?;
        st.serialize_field("severity", &self.severity)?;
        st.serialize_field("rule", &self.rule_number())?;
        st.serialize_field("path", &self.path)?;
        st.serialize_field("message_id", &self.message(Lang::Id))?;
        st.serialize_field("message_en", &self.message(Lang::En))?;
        st.serialize_field("hint_id", self.hint(Lang::Id))?;
        st.serialize_field("hint_en", self.hint(Lang::En))?;
        match &self.input {
            Some(v) => st.serialize_field("input", v.expose())?,
            None => st.skip_field("input")?,
        }
        st.end()
    }
}

/// Verdict of a list of issues.
pub fn verdict_of(issues: &[Issue]) -> Verdict {
    let mut v = Verdict::Ok;
    for i in issues {
        match i.severity {
            Severity::Invalid => return Verdict::Invalid,
            Severity::Warning => v = Verdict::Warning,
            Severity::Info => {}
        }
    }
    v
}

/// The issue that decides a verdict: the first invalid one, else the first warning (`None`
/// for no issue). Its code is the one an error names (`EmisValidationError.code`).
pub fn first_invalid(issues: &[Issue]) -> Option<&Issue> {
    issues
        .iter()
        .find(|i| i.severity == Severity::Invalid)
        .or(issues.first())
}

/// All issues of a check over one or many records.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Every issue found, in input order.
    pub issues: Vec<Issue>,
}

impl Report {
    /// An empty report.
    pub fn new() -> Report {
        Report::default()
    }
    /// The worst severity.
    pub fn verdict(&self) -> Verdict {
        verdict_of(&self.issues)
    }
    /// True when nothing blocks sync.
    pub fn is_valid(&self) -> bool {
        self.verdict().is_valid()
    }
    /// Number of invalid issues.
    pub fn invalid_count(&self) -> usize {
        self.issues.iter().filter(|i| i.severity == Severity::Invalid).count()
    }
    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.issues.iter().filter(|i| i.severity == Severity::Warning).count()
    }
    /// Adds an issue.
    pub fn push(&mut self, issue: Issue) {
        self.issues.push(issue);
    }
    /// Issues whose path starts with `prefix`.
    pub fn issues_at<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a Issue> + 'a {
        self.issues.iter().filter(move |i| i.path.starts_with(prefix))
    }
    /// The distinct codes, in order of first appearance.
    pub fn codes(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for i in &self.issues {
            if !out.contains(&i.code) {
                out.push(i.code);
            }
        }
        out
    }
    /// True if any issue has this code.
    pub fn has(&self, code: &str) -> bool {
        self.issues.iter().any(|i| i.code == code)
    }
}
