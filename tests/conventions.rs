//! The schema follows its written conventions, checked over the whole definition rather than
//! field by field: a newcomer can guess a field from another.
//! - Every kind whose entities the data gives figures for has `figures`.
//! - Counts are `Int`.
//! - Every connection field's `first` says the page sizes the server enforces.
//! - Relation fields follow the naming rule written in the `Entity` interface's description.

use bpgraph_api::schema::Catalog;
use bpgraph_api::{DEFAULT_PAGE, MAX_PAGE};
use bpgraph_model::Predicate;

#[test]
fn every_kind_with_figures_in_the_data_has_a_figures_field() {
    let graph = bpgraph::load_embedded().expect("the embedded seed is valid");
    let catalog = Catalog::get();
    let mut kinds: Vec<&str> = graph
        .statements()
        .filter(|s| s.predicate() == Predicate::HasFigure)
        .map(|s| bpgraph_api::schema::kind_type_name(s.subject().kind()))
        .collect();
    kinds.sort();
    kinds.dedup();
    assert!(
        kinds.contains(&"Process"),
        "the dialogue has figures: {kinds:?}"
    );
    for kind in kinds {
        let (_, object) = catalog.object(kind).unwrap();
        assert!(
            object.fields.iter().any(|f| f.name == "figures"),
            "{kind} has figures in the data but no `figures` field"
        );
    }
}

#[test]
fn counts_are_ints() {
    for object in &Catalog::get().objects {
        for field in &object.fields {
            let name = field.name;
            if name == "count" || name.ends_with("Count") || name.ends_with("Index") {
                assert_eq!(
                    field.ty.name(),
                    "Int",
                    "{}.{name} counts, so it is an Int",
                    object.name
                );
            }
        }
    }
}

#[test]
fn every_connection_says_its_page_sizes() {
    let mut connections = 0;
    for object in &Catalog::get().objects {
        for field in object
            .fields
            .iter()
            .filter(|f| f.ty.name().ends_with("Connection"))
        {
            connections += 1;
            let first = field.args.iter().find(|a| a.name == "first");
            let description = first.and_then(|a| a.description.as_deref()).unwrap_or("");
            assert!(
                description.contains(&MAX_PAGE.to_string())
                    && description.contains(&DEFAULT_PAGE.to_string()),
                "{}.{}(first:) does not say the page sizes: {description:?}",
                object.name,
                field.name
            );
        }
    }
    assert!(
        connections > 40,
        "the walk sees the connections ({connections})"
    );
}

#[test]
fn relation_fields_are_named_by_the_written_rule() {
    // The rule, as the `Entity` interface states it.
    let catalog = Catalog::get();
    let entity = catalog.interface("Entity").unwrap();
    let rule = entity.description.as_deref().unwrap_or("");
    assert!(
        rule.contains("Relation fields are named"),
        "the Entity interface states the naming rule"
    );
    // Lists of statements where the entity is the object are named after who holds the
    // relation (`chairs`, `coChairs`, `funders`); where it is the subject, after what it holds
    // (`chairships`, `coChairships`, `funding`): the two never share a name on one type.
    for object in &catalog.objects {
        let names: Vec<&str> = object.fields.iter().map(|f| f.name).collect();
        for (one, other) in [
            ("chairs", "chairships"),
            ("coChairs", "coChairships"),
            ("funders", "funding"),
        ] {
            assert!(
                !(names.contains(&one) && names.contains(&other)),
                "{} has both `{one}` and `{other}`",
                object.name
            );
        }
    }
}
