//! Parents and guardian of a santri.

use super::{Extra, lenient};
use crate::pii::Sensitive;
use serde::{Deserialize, Serialize};

/// Parents and guardian (`parents` in EMIS).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OrangTua {
    /// Father's name.
    #[serde(
        default,
        deserialize_with = "lenient::opt_sensitive",
        skip_serializing_if = "Option::is_none"
    )]
    pub father_full_name: Option<Sensitive>,
    /// Father's NIK.
    #[serde(
        default,
        deserialize_with = "lenient::opt_sensitive",
        skip_serializing_if = "Option::is_none"
    )]
    pub father_nik: Option<Sensitive>,
    /// Father's birth date (text).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub father_birth_date: Option<String>,
    /// Father's education.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub father_latest_education: Option<String>,
    /// Father's phone.
    #[serde(
        default,
        deserialize_with = "lenient::opt_sensitive",
        skip_serializing_if = "Option::is_none"
    )]
    pub father_phone_number: Option<Sensitive>,
    /// Mother's (birth mother's) name — a bank-security secret, always masked.
    #[serde(
        default,
        deserialize_with = "lenient::opt_sensitive",
        skip_serializing_if = "Option::is_none"
    )]
    pub mother_full_name: Option<Sensitive>,
    /// Mother's NIK.
    #[serde(
        default,
        deserialize_with = "lenient::opt_sensitive",
        skip_serializing_if = "Option::is_none"
    )]
    pub mother_nik: Option<Sensitive>,
    /// Mother's birth date (text).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub mother_birth_date: Option<String>,
    /// Mother's education.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub mother_latest_education: Option<String>,
    /// Mother's phone.
    #[serde(
        default,
        deserialize_with = "lenient::opt_sensitive",
        skip_serializing_if = "Option::is_none"
    )]
    pub mother_phone_number: Option<Sensitive>,
    /// Guardian's name.
    #[serde(
        default,
        deserialize_with = "lenient::opt_sensitive",
        skip_serializing_if = "Option::is_none"
    )]
    pub wali_full_name: Option<Sensitive>,
    /// Guardian's NIK.
    #[serde(
        default,
        deserialize_with = "lenient::opt_sensitive",
        skip_serializing_if = "Option::is_none"
    )]
    pub wali_nik: Option<Sensitive>,
    /// Whether the santri's KK is the father's.
    #[serde(
        default,
        deserialize_with = "lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_kk_same_father: Option<bool>,
    /// Fields of `parents` this struct does not model (`father_birth_place`,
    /// `mother_job`...), kept as received.
    #[serde(flatten, serialize_with = "serialize_extra")]
    pub extra: Extra,
}

const KNOWN: &[&str] = &[
    "father_full_name",
    "father_nik",
    "father_birth_date",
    "father_latest_education",
    "father_phone_number",
    "mother_full_name",
    "mother_nik",
    "mother_birth_date",
    "mother_latest_education",
    "mother_phone_number",
    "wali_full_name",
    "wali_nik",
    "is_kk_same_father",
];

fn serialize_extra<S: serde::Serializer>(e: &Extra, s: S) -> Result<S::Ok, S::Error> {
    e.serialize_except(KNOWN, s)
}
