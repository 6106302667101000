//! `m_*` master-data references. EMIS sends them as an id (`2`), a code string (`"L"`) or an
//! object (`{"id": 2, "name": "Perempuan"}`); all three are accepted.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use std::fmt;

/// A reference into an EMIS master table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct Master {
    /// Server id.
    pub id: Option<i64>,
    /// Code (e.g. `L`).
    pub code: Option<String>,
    /// Display name.
    pub name: Option<String>,
}

impl Master {
    /// A reference by code.
    pub fn code(code: impl Into<String>) -> Master {
        Master {
            code: Some(code.into()),
            ..Master::default()
        }
    }
    /// A reference by id.
    pub fn id(id: i64) -> Master {
        Master {
            id: Some(id),
            ..Master::default()
        }
    }
    /// The best text to interpret: code, else name, else id.
    pub fn text(&self) -> Option<String> {
        self.code
            .clone()
            .or_else(|| self.name.clone())
            .or_else(|| self.id.map(|i| i.to_string()))
    }
    /// True when nothing is set.
    pub fn is_empty(&self) -> bool {
        self.id.is_none() && self.code.as_deref().is_none_or(|c| c.trim().is_empty()) && self.name.is_none()
    }
}

impl serde::Serialize for Master {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match (self.id, &self.code, &self.name) {
            (Some(id), None, None) => s.serialize_i64(id),
            (None, Some(c), None) => s.serialize_str(c),
            _ => {
                let mut m = s.serialize_map(None)?;
                if let Some(id) = self.id {
                    m.serialize_entry("id", &id)?;
                }
                if let Some(c) = &self.code {
                    m.serialize_entry("code", c)?;
                }
                if let Some(n) = &self.name {
                    m.serialize_entry("name", n)?;
                }
                m.end()
            }
        }
    }
}

struct MasterVisitor;

impl<'de> Visitor<'de> for MasterVisitor {
    type Value = Master;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an id, a code string or an object {id, name}")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Master, E> {
        Ok(Master::id(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Master, E> {
        i64::try_from(v).map(Master::id).map_err(|_| E::custom("id too large"))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Master, E> {
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            Ok(Master::id(v as i64))
        } else {
            Err(E::custom("id is not an integer"))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Master, E> {
        Ok(Master::code(v.trim()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Master, E> {
        Ok(Master::id(i64::from(v)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Master, A::Error> {
        let mut m = Master::default();
        // Keys are matched without allocating; other keys' values are skipped unread.
        while let Some(key) = super::lenient::next_key(&mut map, &["id", "code", "kode", "name", "nama"])? {
            match key {
                Some("id") => m.id = map.next_value::<super::lenient::LooseId>()?.0,
                Some("code" | "kode") => m.code = map.next_value_seed(CodeText)?,
                Some(_) => m.name = map.next_value::<super::lenient::NameText>()?.0,
                None => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        Ok(m)
    }
}

/// A code: text, or a whole number as text; anything else is no code.
struct CodeText;

impl<'de> de::DeserializeSeed<'de> for CodeText {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<String>, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        Ok(v.as_str()
            .map(str::to_string)
            .or_else(|| v.as_i64().map(|i| i.to_string())))
    }
}

impl<'de> serde::Deserialize<'de> for Master {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Master, D::Error> {
        d.deserialize_any(MasterVisitor)
    }
}
