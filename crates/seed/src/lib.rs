//! The seed: reading the human-edited data files and checking them.
//!
//! `files` gathers the seed (embedded in the binary or from a directory), `records` holds the
//! serde shapes of the TOML tables, `validate` turns them into a [`bpgraph_model::Dataset`] or a
//! [`ValidationReport`] naming every broken rule. This module knows nothing of the graph.

mod files;
mod records;
mod report;
mod validate;

pub use files::{ReadError, SeedFile, SeedFiles};
pub use report::{Location, Problem, Rule, ValidationReport};
pub use validate::{validate, ISO_TABLE, MANIFEST};
