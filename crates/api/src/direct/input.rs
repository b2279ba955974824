//! A plan's inputs: argument values with the request's variables substituted, parsed by the
//! schema's own input types, so a value coerces here exactly when it would in async-graphql.
//! Whatever does not coerce is `None`: the caller gives up and lets async-graphql say why.

use super::plan::{Item, Plan};
use async_graphql::{InputType, Variables};
use async_graphql_value::{ConstValue, Name, Value};

pub(super) struct Inputs<'a> {
    variables: &'a Variables,
    defaults: &'a [(Name, Option<ConstValue>)],
}

impl<'a> Inputs<'a> {
    pub fn new(plan: &'a Plan, variables: &'a Variables) -> Self {
        Inputs {
            variables,
            defaults: &plan.defaults,
        }
    }

    /// A variable's value: as sent, else its default (see [`Plan`]'s `defaults`).
    fn variable(&self, name: &str) -> Option<ConstValue> {
        let (name, default) = self.defaults.iter().find(|(n, _)| n.as_str() == name)?;
        self.variables.get(name).or(default.as_ref()).cloned()
    }

    fn resolve(&self, value: &Value) -> Option<ConstValue> {
        value
            .clone()
            .into_const_with(|name| self.variable(&name).ok_or(()))
            .ok()
    }

    /// The argument `name` of `item`, parsed as `T` (absent is `T::parse(None)`).
    pub fn argument<T: InputType>(&self, item: &Item, name: &str) -> Option<T> {
        let value = match item.arguments.iter().find(|(n, _)| n.node == name) {
            Some((_, value)) => Some(self.resolve(&value.node)?),
            None => None,
        };
        T::parse(value).ok()
    }

    /// The argument `name` of `item`, or `default` if it is not given.
    pub fn argument_or<T: InputType>(&self, item: &Item, name: &str, default: T) -> Option<T> {
        if item.arguments.iter().any(|(n, _)| n.node == name) {
            self.argument(item, name)
        } else {
            Some(default)
        }
    }

    /// Whether `@include`/`@skip` keep the field. Their `if` is read from the variables as
    /// sent (defaults do not apply there, as in async-graphql); anything but a boolean gives
    /// up.
    pub fn keeps(&self, item: &Item) -> Option<bool> {
        for (include, condition) in &item.conditions {
            let value = condition
                .clone()
                .into_const_with(|name| self.variables.get(&name).cloned().ok_or(()))
                .ok()?;
            let ConstValue::Boolean(value) = value else {
                return None;
            };
            if value != *include {
                return Some(false);
            }
        }
        Some(true)
    }
}
