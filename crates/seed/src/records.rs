//! The seed's records as written: serde shapes of the TOML tables, before any checking.
//!
//! Each record is deserialised on its own, so one bad record is reported with its line and
//! the rest of the file is still checked.

use bpgraph_model::{Bound, Derivation, Format, Status};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCitation {
    pub source: String,
    pub quote: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub date: String,
    pub file: String,
}

/// Any entity record (`[[state]]`, `[[meeting]]`, ...). Which optional fields a kind may use is
/// checked by the validator, so the message can name the kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEntity {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Names people write that no source spells that way (ordinals, abbreviations).
    #[serde(default)]
    pub conventional_aliases: Vec<String>,
    pub category: Option<String>,
    pub date: Option<String>,
    pub status: Option<Status>,
    pub format: Option<Format>,
    pub iso2: Option<String>,
    pub iso3: Option<String>,
    pub note: Option<String>,
    pub date_derivation: Option<Derivation>,
    #[serde(default)]
    pub citations: Vec<RawCitation>,
}

/// A `[[statement]]` record.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStatement {
    pub id: String,
    pub subject: Option<String>,
    pub subjects: Option<Vec<String>>,
    pub predicate: String,
    pub object: Option<String>,
    pub objects: Option<Vec<String>>,
    pub text: Option<String>,
    pub value: Option<f64>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub at: Option<String>,
    pub role: Option<String>,
    pub status: Option<Status>,
    pub format: Option<Format>,
    pub measure: Option<String>,
    pub unit: Option<String>,
    pub bound: Option<Bound>,
    pub note: Option<String>,
    pub derivation: Option<Derivation>,
    pub date_derivation: Option<Derivation>,
    #[serde(default)]
    pub citations: Vec<RawCitation>,
}
