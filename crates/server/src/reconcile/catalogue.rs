//! What the service offers: its types (the graph's entity kinds) and its properties (the ISO
//! codes of a state, and every relation of the vocabulary, read from subject to object), each
//! defined once here and used by reconciliation queries, suggest, data extension and the
//! manifest alike.

use bpgraph_graph::{EntityRef, KnowledgeGraph, ObjectRef, StatementQuery};
use bpgraph_model::text::lookup_key;
use bpgraph_model::{EntityKind, Predicate};
use serde_json::{json, Value};

/// A type's id: the kind's name with a capital, `State`, `Organisation`, ...
pub fn type_id(kind: EntityKind) -> String {
    let table = kind.table();
    table[..1].to_ascii_uppercase() + &table[1..]
}

/// The kind a type id names; case does not matter (`State`, `state`).
pub fn kind_of_type(id: &str) -> Option<EntityKind> {
    EntityKind::ALL
        .into_iter()
        .find(|kind| kind.table().eq_ignore_ascii_case(id))
}

/// A type as the spec writes it: `{"id", "name"}`.
pub fn type_json(kind: EntityKind) -> Value {
    let id = type_id(kind);
    json!({ "id": id, "name": id })
}

/// A property of the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Property {
    /// A state's ISO 3166-1 alpha-2 code.
    Iso2,
    /// A state's ISO 3166-1 alpha-3 code.
    Iso3,
    /// The objects of the entity's statements with this predicate.
    Relation(Predicate),
}

/// One value of a property of an entity.
#[derive(Debug, Clone, Copy)]
pub enum PropertyValue<'g> {
    Entity(EntityRef<'g>),
    Text(&'g str),
    Number(f64),
}

impl Property {
    /// Every property: the codes first, then the relations in the vocabulary's order.
    pub fn all() -> impl Iterator<Item = Property> {
        [Property::Iso2, Property::Iso3]
            .into_iter()
            .chain(Predicate::ALL.iter().map(|&p| Property::Relation(p)))
    }

    /// The id clients send: `iso2`, `iso3`, or the predicate's name (`co_chairs`, `attended`).
    pub fn id(self) -> &'static str {
        match self {
            Property::Iso2 => "iso2",
            Property::Iso3 => "iso3",
            Property::Relation(predicate) => predicate.name(),
        }
    }

    pub fn from_id(id: &str) -> Option<Property> {
        Property::all().find(|p| p.id() == id)
    }

    /// The name OpenRefine shows: `ISO 3166-1 alpha-2 code`, `co chairs`, `member of`.
    pub fn name(self) -> String {
        match self {
            Property::Iso2 => "ISO 3166-1 alpha-2 code".into(),
            Property::Iso3 => "ISO 3166-1 alpha-3 code".into(),
            Property::Relation(predicate) => predicate.name().replace('_', " "),
        }
    }

    /// Whether entities of `kind` may have values of this property.
    pub fn applies_to(self, kind: EntityKind) -> bool {
        match self {
            Property::Iso2 | Property::Iso3 => kind == EntityKind::State,
            Property::Relation(predicate) => predicate.domain().contains(&kind),
        }
    }

    /// As the spec writes a property: `{"id", "name"}`.
    pub fn to_json(self) -> Value {
        json!({ "id": self.id(), "name": self.name() })
    }

    /// The entity's values of this property, in graph order, each once.
    pub fn values<'g>(self, entity: EntityRef<'g>) -> Vec<PropertyValue<'g>> {
        let code = match self {
            Property::Iso2 => entity.iso2(),
            Property::Iso3 => entity.iso3(),
            Property::Relation(predicate) => {
                let mut values: Vec<PropertyValue<'g>> = Vec::new();
                for statement in entity.statements(&StatementQuery::outgoing(predicate)) {
                    let value = match statement.object() {
                        ObjectRef::Entity(object) => PropertyValue::Entity(object),
                        ObjectRef::Text(text) => PropertyValue::Text(text),
                        ObjectRef::Number(number) => PropertyValue::Number(number),
                    };
                    // Several statements (sources, dates) often name the same object.
                    if !values.iter().any(|seen| seen.same_as(&value)) {
                        values.push(value);
                    }
                }
                return values;
            }
        };
        code.map(PropertyValue::Text).into_iter().collect()
    }
}

impl<'g> PropertyValue<'g> {
    fn same_as(&self, other: &PropertyValue<'_>) -> bool {
        match (self, other) {
            (PropertyValue::Entity(a), PropertyValue::Entity(b)) => a.id() == b.id(),
            (PropertyValue::Text(a), PropertyValue::Text(b)) => a == b,
            (PropertyValue::Number(a), PropertyValue::Number(b)) => a == b,
            _ => false,
        }
    }

    /// The value as a data extension cell: `{"id", "name"}`, `{"str"}` or `{"float"}`.
    pub fn to_cell(self) -> Value {
        match self {
            PropertyValue::Entity(entity) => json!({ "id": entity.slug(), "name": entity.name() }),
            PropertyValue::Text(text) => json!({ "str": text }),
            PropertyValue::Number(number) => json!({ "float": number }),
        }
    }

    /// Whether a value a query gives for the property is this one: an entity by its id, or
    /// by a name or alias as `entity(ref:)` finds it; a text with case and diacritics
    /// ignored; a number exactly.
    pub fn matches(&self, wanted: &Wanted, graph: &KnowledgeGraph) -> bool {
        match (self, wanted) {
            (PropertyValue::Entity(entity), Wanted::Id(id)) => entity.slug() == id,
            (PropertyValue::Entity(entity), Wanted::Text(text)) => graph
                .lookup(text)
                .is_some_and(|found| found.id() == entity.id()),
            (PropertyValue::Text(value), Wanted::Text(text) | Wanted::Id(text)) => {
                lookup_key(value) == lookup_key(text)
            }
            (PropertyValue::Number(value), Wanted::Number(number)) => value == number,
            (PropertyValue::Number(value), Wanted::Text(text)) => {
                text.trim().parse::<f64>().is_ok_and(|n| n == *value)
            }
            _ => false,
        }
    }
}

/// A value a reconciliation query gives for a property.
#[derive(Debug, Clone, PartialEq)]
pub enum Wanted {
    /// An entity already reconciled: `{"id": "turkiye"}`.
    Id(String),
    Text(String),
    Number(f64),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_ids_name_every_kind_once_and_read_back() {
        for kind in EntityKind::ALL {
            assert_eq!(kind_of_type(&type_id(kind)), Some(kind));
        }
        assert_eq!(type_id(EntityKind::State), "State");
        assert_eq!(kind_of_type("organisation"), Some(EntityKind::Organisation));
        assert_eq!(kind_of_type("Country"), None);
    }

    #[test]
    fn property_ids_are_unique_and_read_back() {
        let ids: Vec<_> = Property::all().map(Property::id).collect();
        for (i, id) in ids.iter().enumerate() {
            assert!(!ids[..i].contains(id), "{id} twice");
            assert_eq!(Property::from_id(id).map(Property::id), Some(*id));
        }
        assert!(Property::Iso3.applies_to(EntityKind::State));
        assert!(!Property::Iso3.applies_to(EntityKind::Meeting));
    }
}
