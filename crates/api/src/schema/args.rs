//! A field's arguments as its body reads them: values with the variables substituted and the
//! defaults applied, by name. Both engines hand bodies the same map; validation (and, on the
//! direct path, [`crate::direct`]'s check of variable values) has already ruled out values of
//! the wrong type, so a getter meeting one treats it as absent.

use crate::connection::Page;
use async_graphql::indexmap::IndexMap;
use async_graphql::{Name, Value};

/// The arguments of one field.
#[derive(Clone, Copy)]
pub struct Args<'b>(pub &'b IndexMap<Name, Value>);

impl<'b> Args<'b> {
    /// The value of `name`, `None` if absent or `null`.
    pub fn get(&self, name: &str) -> Option<&'b Value> {
        match self.0.get(name) {
            None | Some(Value::Null) => None,
            Some(value) => Some(value),
        }
    }

    /// A `String` or `ID` argument.
    pub fn str(&self, name: &str) -> Option<&'b str> {
        match self.get(name)? {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    /// An `ID` argument, which clients may also send as an integer.
    pub fn id(&self, name: &str) -> Option<String> {
        match self.get(name)? {
            Value::String(text) => Some(text.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// An `Int` argument.
    pub fn i32(&self, name: &str) -> Option<i32> {
        match self.get(name)? {
            Value::Number(n) => n.as_i64().and_then(|n| i32::try_from(n).ok()),
            _ => None,
        }
    }

    /// A `Boolean` argument.
    pub fn bool(&self, name: &str) -> Option<bool> {
        match self.get(name)? {
            Value::Boolean(b) => Some(*b),
            _ => None,
        }
    }

    /// An enum argument's value name (variables carry enums as strings).
    pub fn enumeration(&self, name: &str) -> Option<&'b str> {
        enum_name(self.get(name)?)
    }

    /// A list argument's items (a single value stands for a list of one, as GraphQL's input
    /// coercion says).
    pub fn list(&self, name: &str) -> Option<Vec<&'b Value>> {
        Some(match self.get(name)? {
            Value::List(items) => items.iter().collect(),
            single => vec![single],
        })
    }

    /// A list of strings or ids.
    pub fn strs(&self, name: &str) -> Option<Vec<&'b str>> {
        let items = self.list(name)?;
        Some(
            items
                .into_iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s.as_str()),
                    _ => None,
                })
                .collect(),
        )
    }

    /// A list of enum values' names.
    pub fn enums(&self, name: &str) -> Option<Vec<&'b str>> {
        Some(self.list(name)?.into_iter().filter_map(enum_name).collect())
    }

    /// An input object's fields.
    pub fn object(&self, name: &str) -> Option<Args<'b>> {
        match self.get(name)? {
            Value::Object(fields) => Some(Args(fields)),
            _ => None,
        }
    }

    /// The connection arguments `after`, `before`, `first` and `last`.
    pub fn page(&self) -> Page {
        Page {
            after: self.str("after").map(str::to_owned),
            before: self.str("before").map(str::to_owned),
            first: self.i32("first"),
            last: self.i32("last"),
        }
    }
}

fn enum_name(value: &Value) -> Option<&str> {
    match value {
        Value::Enum(name) => Some(name.as_str()),
        Value::String(text) => Some(text),
        _ => None,
    }
}
