//! Direct execution: answers a checked query straight from graph handles into JSON bytes,
//! without async-graphql's executor (a boxed future, an extension call and a `Value` node per
//! field, then a second pass to serialise the tree).
//!
//! A [`Plan`] is compiled once per query text and operation, from the parsed document, when
//! every field it selects is one this module knows (the statement, qualifier, citation, source
//! and date types, the fields every entity shares, connections, and the root fields
//! `dataVersion`, `coChairTimeline`, `chairTimeline`, `entity`, `statement`, `search` and
//! `path`). Anything else (introspection, kind-specific fields, fragments on a concrete entity
//! type) gets no plan, and the query runs through async-graphql as before.
//!
//! A plan answers only the happy path: an argument that does not coerce, a reference that
//! resolves to nothing, a bad cursor or any other error makes [`Plan::execute`] give up
//! (`None`), and the caller runs the query through async-graphql, which writes the error. So
//! every error a client sees comes from one place. The caller also runs a document through
//! async-graphql until one execution has passed its validation rules; a plan never validates.
//!
//! The answer is byte for byte what async-graphql would give: `tests/direct.rs` runs a corpus
//! of queries both ways and compares.

mod input;
mod json;
mod plan;
mod write;

pub use plan::Plan;
