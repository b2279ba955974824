//! A plan's inputs: the request's variables checked against their declared types, and each
//! field's arguments with the variables substituted and the defaults applied, as
//! async-graphql's dynamic schema hands them to the same bodies. Whatever would not coerce
//! is `None`: the caller gives up and lets async-graphql say why.

use super::plan::{Item, Plan};
use crate::schema::dynamic::literal;
use crate::schema::{Catalog, Ty};
use async_graphql::indexmap::IndexMap;
use async_graphql::Variables;
use async_graphql_value::{ConstValue, Name, Value};
use std::borrow::Cow;

pub(super) struct Inputs<'v> {
    sent: &'v Variables,
    variables: IndexMap<Name, ConstValue>,
}

impl<'v> Inputs<'v> {
    /// The variables of `variables` that `plan` declares, each checked against its type:
    /// as sent, else its default, else absent (a non-null one without either: `None`).
    pub fn new(plan: &Plan, variables: &'v Variables) -> Option<Inputs<'v>> {
        let catalog = Catalog::get();
        let mut values = IndexMap::new();
        for declared in &plan.variables {
            let value = match variables.get(&declared.name) {
                Some(value) => value.clone(),
                None => match &declared.default {
                    Some(default) => default.clone(),
                    None if declared.ty.is_non_null() => return None,
                    None => continue,
                },
            };
            if !fits(catalog, &declared.ty, &value) {
                return None;
            }
            values.insert(declared.name.clone(), value);
        }
        Some(Inputs {
            sent: variables,
            variables: values,
        })
    }

    /// The arguments of `item`, as its body reads them; each checked against its type (a
    /// plan never validates, so a literal of the wrong type must give up here too). Without
    /// a variable among them they are the same for every object and request: coerced once.
    pub fn arguments<'i>(&self, item: &'i Item) -> Option<Cow<'i, IndexMap<Name, ConstValue>>> {
        match &item.constant_arguments {
            Some(once) => once
                .get_or_init(|| self.coerce(item))
                .as_ref()
                .map(Cow::Borrowed),
            None => self.coerce(item).map(Cow::Owned),
        }
    }

    fn coerce(&self, item: &Item) -> Option<IndexMap<Name, ConstValue>> {
        let field = item.field?;
        let catalog = Catalog::get();
        let mut arguments = IndexMap::with_capacity(field.args.len());
        for (name, value) in &item.arguments {
            let def = field.args.iter().find(|a| a.name == name.as_str())?;
            let value = value
                .clone()
                .into_const_with(|variable| match self.variables.get(&variable) {
                    Some(value) => Ok(value.clone()),
                    None => Ok::<_, ()>(ConstValue::Null),
                })
                .ok()?;
            if !fits(catalog, &def.ty, &value) {
                return None;
            }
            arguments.insert(name.clone(), value);
        }
        for arg in &field.args {
            if let Some(default) = arg.default {
                if !arguments.contains_key(arg.name) {
                    arguments.insert(Name::new(arg.name), literal(default));
                }
            }
        }
        Some(arguments)
    }

    /// Whether `@include`/`@skip` keep the field. Their `if` is read from the variables as
    /// sent (defaults do not apply there, as in async-graphql); anything but a boolean gives
    /// up.
    pub fn keeps(&self, item: &Item) -> Option<bool> {
        for (include, condition) in &item.conditions {
            let value = match condition {
                Value::Variable(name) => self.sent.get(name)?.clone(),
                other => other.clone().into_const()?,
            };
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

/// Whether `value` is a valid input value of type `ty` (GraphQL's input coercion rules).
fn fits(catalog: &Catalog, ty: &Ty, value: &ConstValue) -> bool {
    match (ty, value) {
        (Ty::NonNull(_), ConstValue::Null) => false,
        (Ty::NonNull(inner), value) => fits(catalog, inner, value),
        (_, ConstValue::Null) => true,
        (Ty::List(item), ConstValue::List(items)) => items.iter().all(|v| fits(catalog, item, v)),
        (Ty::List(item), single) => fits(catalog, item, single),
        (Ty::Named(name), value) => fits_named(catalog, name, value),
    }
}

fn fits_named(catalog: &Catalog, name: &str, value: &ConstValue) -> bool {
    match (name, value) {
        ("Int", ConstValue::Number(n)) => n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        ("Float", ConstValue::Number(_)) => true,
        ("String", ConstValue::String(_)) => true,
        ("Boolean", ConstValue::Boolean(_)) => true,
        ("ID", ConstValue::String(_)) => true,
        ("ID", ConstValue::Number(n)) => n.is_i64() || n.is_u64(),
        ("Int" | "Float" | "String" | "Boolean" | "ID", _) => false,
        _ => {
            if let Some(scalar) = catalog.scalar(name) {
                return (scalar.accepts)(value);
            }
            if let Some(enumeration) = catalog.enumeration(name) {
                let given = match value {
                    ConstValue::Enum(v) => v.as_str(),
                    ConstValue::String(v) => v.as_str(),
                    _ => return false,
                };
                return enumeration.values.iter().any(|(v, _)| *v == given);
            }
            if let Some(input) = catalog.input(name) {
                let ConstValue::Object(fields) = value else {
                    return false;
                };
                let known = fields
                    .keys()
                    .all(|k| input.fields.iter().any(|f| f.name == k.as_str()));
                return known
                    && input.fields.iter().all(|f| match fields.get(f.name) {
                        Some(v) => fits(catalog, &f.ty, v),
                        None => !f.ty.is_non_null() || f.default.is_some(),
                    });
            }
            false
        }
    }
}
