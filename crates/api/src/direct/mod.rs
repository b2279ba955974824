//! Direct execution: answers a checked query straight from the schema's field bodies into
//! JSON bytes, without async-graphql's executor (a boxed future, an extension call and a
//! `Value` node per field, then a second pass to serialise the tree).
//!
//! A [`Plan`] is compiled once per query text and operation, from the parsed document and
//! the schema's one definition ([`crate::schema::Catalog`]): every field the schema has is
//! planned, through interfaces, fragments, aliases, variables and `@include`/`@skip`. What a
//! plan leaves to async-graphql is introspection, directives other than those two, and
//! merges of one response key whose outcome depends on the object's type.
//!
//! A plan answers only the happy path: a variable that does not coerce, a body's error, or a
//! `null` in a non-null position makes [`Plan::execute`] give up (`None`), and the caller runs
//! the query through async-graphql, which writes the error. So every error a client sees
//! comes from one place. The caller also runs a document through async-graphql until one
//! execution has passed its validation rules; a plan never validates.
//!
//! The answer is byte for byte what async-graphql would give: `tests/direct.rs` runs a corpus
//! of queries and thousands of generated ones both ways and compares.

mod input;
mod json;
mod plan;
mod types;
mod write;

pub use plan::Plan;
