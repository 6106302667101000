//! Field readers that accept what real EMIS servers send: numbers as strings and strings as
//! numbers, `null` for anything optional, capitalised enum values, `{id, name}` objects where
//! a text is expected. A shape that cannot be read (an array where a text belongs) is an
//! error that names the *expected* type, never the value received, so
//! [`super::tolerant::decode`] can drop it with a warning at its JSON path.
//!
//! Two families: `strict_*` for identifiers, names and birth data (text or a number only:
//! an object there is an error, so the sync never decides on a guessed value) and the
//! others, which also take the `name` of an `{id, name}` object.

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use std::fmt;

/// What a text field expects, for error messages.
const TEXT: &str = "text or a number";
/// Same, for fields that also take `{name}` objects.
const TEXT_OR_NAME: &str = "text, a number or an object with a name";

/// Reads a text from a scalar (string, number, bool) or, when `names` is set, from the
/// `name`/`nama` of an object. Empty text is `None`.
struct TextVisitor {
    names: bool,
    bools: bool,
}

fn trimmed(s: &str) -> Option<String> {
    let t = s.trim();
    if t.is_empty() { None } else { Some(t.to_string()) }
}

/// Decimal text of a float, without `.0` for whole numbers.
pub(crate) fn float_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        v.to_string()
    }
}

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(if self.names { TEXT_OR_NAME } else { TEXT })
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(trimmed(v))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        if v.trim().len() == v.len() {
            Ok(Some(v).filter(|s| !s.is_empty()))
        } else {
            Ok(trimmed(&v))
        }
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(float_text(v)))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        if self.bools {
            Ok(Some(v.to_string()))
        } else {
            Err(E::invalid_type(Unexpected::Bool(v), &self))
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        if !self.names {
            return Err(de::Error::invalid_type(Unexpected::Map, &self));
        }
        let mut found = None;
        while let Some(k) = next_key(&mut map, &["name", "nama"])? {
            if k.is_some() && found.is_none() {
                // A name that is not text counts as no name.
                found = map.next_value::<NameText>()?.0;
            } else {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        match found {
            Some(n) => Ok(Some(n)),
            None => Err(de::Error::invalid_type(Unexpected::Map, &self)),
        }
    }
}

/// A map key read without allocating: which of the keys a reader looks for it is.
pub(crate) struct Key(pub(crate) &'static [&'static str]);

impl<'de> de::DeserializeSeed<'de> for Key {
    type Value = Option<&'static str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Option<&'static str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().copied().find(|k| *k == v))
    }
    fn visit_u64<E: de::Error>(self, _v: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E: de::Error>(self, _v: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// Reads the next key of `map` as one of `keys` (`Some(None)`: another key).
pub(crate) fn next_key<'de, A: MapAccess<'de>>(
    map: &mut A,
    keys: &'static [&'static str],
) -> Result<Option<Option<&'static str>>, A::Error> {
    map.next_key_seed(Key(keys))
}

/// The visitor methods of a lenient reader for every shape it does not read: `None`,
/// consuming nested values (never an error).
macro_rules! none_for_other_shapes {
    ($t:ident) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<$t, E> {
            Ok($t(None))
        }
        fn visit_unit<E: de::Error>(self) -> Result<$t, E> {
            Ok($t(None))
        }
        fn visit_none<E: de::Error>(self) -> Result<$t, E> {
            Ok($t(None))
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<$t, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<$t, A::Error> {
            while seq.next_element::<de::IgnoredAny>()?.is_some() {}
            Ok($t(None))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<$t, A::Error> {
            while map.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
            Ok($t(None))
        }
    };
}

/// A text value, or `None` for any other shape (never an error).
pub(crate) struct NameText(pub(crate) Option<String>);

impl<'de> Deserialize<'de> for NameText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NameText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<NameText, E> {
                Ok(NameText(trimmed(v)))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<NameText, E> {
                Ok(NameText(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<NameText, E> {
                Ok(NameText(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<NameText, E> {
                Ok(NameText(None))
            }
            none_for_other_shapes!(NameText);
        }
        d.deserialize_any(V)
    }
}

/// An id as a number or numeric text, or `None` for any other value (never an error).
pub(crate) struct LooseId(pub(crate) Option<i64>);

impl<'de> Deserialize<'de> for LooseId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LooseId;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LooseId, E> {
                Ok(LooseId(v.trim().parse().ok()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<LooseId, E> {
                Ok(LooseId(Some(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<LooseId, E> {
                Ok(LooseId(i64::try_from(v).ok()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<LooseId, E> {
                Ok(LooseId((v.fract() == 0.0 && v.abs() < 9.0e15).then_some(v as i64)))
            }
            none_for_other_shapes!(LooseId);
        }
        d.deserialize_any(V)
    }
}

/// Text, number, bool or `{name}` → text; null or empty → `None`.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(TextVisitor {
        names: true,
        bools: true,
    })
}

/// Text or number only (identifiers, names, birth data, server ids).
pub fn strict_opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(TextVisitor {
        names: false,
        bools: false,
    })
}

/// [`opt_string`], or an empty string.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(opt_string(d)?.unwrap_or_default())
}

/// A personal value (NIK, KK, a name, a phone number): text or a number only.
pub fn opt_sensitive<'de, D: Deserializer<'de>>(d: D) -> Result<Option<crate::pii::Sensitive>, D::Error> {
    Ok(strict_opt_string(d)?.map(crate::pii::Sensitive::new))
}

/// A required personal value (a name); null or absent is empty.
pub fn sensitive<'de, D: Deserializer<'de>>(d: D) -> Result<crate::pii::Sensitive, D::Error> {
    Ok(crate::pii::Sensitive::new(strict_opt_string(d)?.unwrap_or_default()))
}

/// An address text: a string, a number, or an object holding the street text
/// (`address`, `alamat`, `full_address`, `street`, `name`); anything else is absent.
pub fn opt_address<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(address_text(&v))
}

/// The street text of an address value (see [`opt_address`]).
pub fn address_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => trimmed(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Object(m) => ["address", "alamat", "full_address", "street", "name"]
            .iter()
            .find_map(|k| m.get(*k).and_then(|x| x.as_str()).and_then(trimmed)),
        _ => None,
    }
}

struct IntVisitor;

impl<'de> Visitor<'de> for IntVisitor {
    type Value = Option<i64>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a whole number")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        i64::try_from(v)
            .map(Some)
            .map_err(|_| E::custom("expected a whole number that fits 64 bits"))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            Ok(Some(v as i64))
        } else {
            Err(E::custom("expected a whole number"))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let t = v.trim();
        if t.is_empty() {
            return Ok(None);
        }
        if let Ok(n) = t.parse::<i64>() {
            return Ok(Some(n));
        }
        match t.parse::<f64>() {
            Ok(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(Some(f as i64)),
            // The text itself is never echoed: it may be personal data in a wrong column.
            _ => Err(E::custom("expected a whole number")),
        }
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Err(E::invalid_type(Unexpected::Bool(v), &self))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // `{id, name}`: the id.
        let mut found = None;
        while let Some(k) = next_key(&mut map, &["id"])? {
            if k.is_some() {
                found = map.next_value::<LooseId>()?.0;
            } else {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        found
            .map(Some)
            .ok_or_else(|| de::Error::invalid_type(Unexpected::Map, &self))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<Self::Value, A::Error> {
        Err(de::Error::invalid_type(Unexpected::Seq, &self))
    }
}

/// A whole number from a number, a numeric string or an `{id}` object; null/empty → `None`.
pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    d.deserialize_any(IntVisitor)
}

/// A required whole number (a string is accepted).
pub fn i64_required<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    opt_i64(d)?.ok_or_else(|| de::Error::custom("expected a whole number"))
}

/// A small whole number (a grade).
pub fn opt_u8<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u8>, D::Error> {
    match opt_i64(d)? {
        None => Ok(None),
        Some(n) => u8::try_from(n)
            .map(Some)
            .map_err(|_| de::Error::custom("expected a whole number 0-255")),
    }
}

/// A count.
pub fn opt_u32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    match opt_i64(d)? {
        None => Ok(None),
        Some(n) => u32::try_from(n)
            .map(Some)
            .map_err(|_| de::Error::custom("expected a whole number 0 or more")),
    }
}

/// A decimal number; strings with a decimal comma (`12,5`) are read too.
pub fn opt_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    match v {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::Number(n) => Ok(n.as_f64()),
        serde_json::Value::String(s) if s.trim().is_empty() => Ok(None),
        serde_json::Value::String(s) => s
            .trim()
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(Some)
            .ok_or_else(|| de::Error::custom("expected a number")),
        _ => Err(de::Error::custom("expected a number")),
    }
}

/// Reads yes/no text: `true`/`false`, `1`/`0`, `ya`/`tidak`, `y`/`n`, `yes`/`no`.
pub fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "ya" | "y" | "yes" | "iya" | "benar" => Some(true),
        "false" | "0" | "tidak" | "t" | "n" | "no" | "bukan" | "salah" => Some(false),
        _ => None,
    }
}

/// A yes/no from a bool, 0/1 or yes/no text; null/empty → `None`.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    match v {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::Bool(b) => Ok(Some(b)),
        serde_json::Value::Number(n) => match n.as_u64() {
            Some(0) => Ok(Some(false)),
            Some(1) => Ok(Some(true)),
            _ => Err(de::Error::custom("expected true/false or 1/0")),
        },
        serde_json::Value::String(s) if s.trim().is_empty() => Ok(None),
        serde_json::Value::String(s) => parse_bool(&s)
            .map(Some)
            .ok_or_else(|| de::Error::custom("expected true/false or 1/0")),
        _ => Err(de::Error::custom("expected true/false or 1/0")),
    }
}

/// A yes/no that defaults to `false`.
pub fn bool_or_false<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(opt_bool(d)?.unwrap_or(false))
}

/// Any value whose `null` means its default (a nested record, a list, a map).
pub fn or_default<'de, D: Deserializer<'de>, T: DeserializeOwned + Default>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A list of texts: an array (of texts, numbers or `{name}` objects), or one text whose
/// items are separated by `,`, `;` or `|`. Null → empty.
pub fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    let item = |x: &serde_json::Value| match x {
        serde_json::Value::String(s) => trimmed(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Object(m) => m
            .get("name")
            .or_else(|| m.get("nama"))
            .and_then(|n| n.as_str())
            .and_then(trimmed),
        _ => None,
    };
    match &v {
        serde_json::Value::Null => Ok(Vec::new()),
        serde_json::Value::Array(a) => Ok(a.iter().filter_map(item).collect()),
        serde_json::Value::String(s) => Ok(s.split([',', ';', '|']).filter_map(trimmed).collect()),
        serde_json::Value::Number(_) | serde_json::Value::Object(_) => Ok(item(&v).into_iter().collect()),
        serde_json::Value::Bool(_) => Err(de::Error::custom("expected a list of texts")),
    }
}

/// Text of a value for enum-like fields: a string, a number, or an object's `name`
/// (else its `code`/`id`).
pub fn enum_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => trimmed(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(if *b { "1" } else { "0" }.to_string()),
        serde_json::Value::Object(m) => ["name", "nama", "code", "kode", "id"]
            .iter()
            .find_map(|k| m.get(*k).and_then(enum_text)),
        _ => None,
    }
}

/// An enum-like value read with `parse`: unknown text is `None` (never an error); only an
/// array is an error.
pub fn opt_enum<'de, D: Deserializer<'de>, T>(d: D, parse: impl Fn(&str) -> Option<T>) -> Result<Option<T>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    if v.is_array() {
        return Err(de::Error::invalid_type(
            Unexpected::Seq,
            &"a text, a number or {id, name}",
        ));
    }
    Ok(enum_text(&v).and_then(|t| parse(&t)))
}

/// `status_mukim`: `MUKIM`, `Non Mukim`, 1/0, `{name}`; unknown → `None`.
pub fn opt_status_mukim<'de, D: Deserializer<'de>>(d: D) -> Result<Option<super::StatusMukim>, D::Error> {
    opt_enum(d, super::StatusMukim::parse)
}

/// `institution_group_id`: 1-7 or a short name; unknown → `None`.
pub fn opt_lembaga_kind<'de, D: Deserializer<'de>>(d: D) -> Result<Option<super::LembagaKind>, D::Error> {
    opt_enum(d, super::LembagaKind::parse)
}

/// Negeri/swasta in any case (`NEGERI`, `Swasta`, `N`/`S`, 1/2); unknown → `None`.
pub fn opt_status_lembaga<'de, D: Deserializer<'de>>(d: D) -> Result<Option<super::StatusLembaga>, D::Error> {
    opt_enum(d, super::StatusLembaga::parse)
}
