//! The `NOT_FOUND` error of a name that resolves to nothing, with what the client may have
//! meant: in the message ("did you mean Pakistan (`pakistan`)?") and as
//! `extensions.suggestions`, a list of `{slug, name}` (empty when nothing is plausible).

use super::not_found;
use async_graphql::{Error, ErrorExtensions, Name, Value};

/// The extension key that carries the suggestions.
const SUGGESTIONS: &str = "suggestions";

/// `reference` names no entity; `suggestions` are `(slug, name)` pairs, best first.
pub fn unknown_name(reference: &str, suggestions: Vec<(&str, &str)>) -> Error {
    let mut message = format!("no entity is called `{reference}`");
    if !suggestions.is_empty() {
        let named: Vec<String> = suggestions
            .iter()
            .map(|(slug, name)| format!("{name} (`{slug}`)"))
            .collect();
        let (last, first) = named.split_last().expect("not empty");
        let listed = match first {
            [] => last.clone(),
            _ => format!("{} or {last}", first.join(", ")),
        };
        message.push_str(&format!("; did you mean {listed}?"));
    }
    let list = Value::List(
        suggestions
            .into_iter()
            .map(|(slug, name)| {
                Value::Object(
                    [
                        (Name::new("slug"), Value::from(slug)),
                        (Name::new("name"), Value::from(name)),
                    ]
                    .into_iter()
                    .collect(),
                )
            })
            .collect(),
    );
    not_found(message).extend_with(|_, e| e.set(SUGGESTIONS, list))
}
