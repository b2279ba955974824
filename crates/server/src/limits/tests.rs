//! The limits on small documents, each naming what it exceeds.

use super::*;
use async_graphql::parser::parse_query;
use async_graphql::Variables;

fn check(query: &str, limits: Limits, expected: Result<(), &str>) {
    let result = scan(query, &limits).and_then(|()| {
        let doc = parse_query(query).expect("test queries parse");
        let lists = ListFields::default();
        check_document(&doc, &limits, &lists)?;
        let (_, operation) = doc.operations.iter().next().expect("one operation");
        check_operation(&doc, operation, &Variables::default(), &lists, &limits).map(|_| ())
    });
    assert_eq!(
        result.map_err(|e| e.0),
        expected.map_err(str::to_owned),
        "{query}"
    );
}

#[test]
fn limits_name_what_is_exceeded() {
    let tight = Limits {
        max_aliases: 2,
        max_fields: 5,
        max_fragment_chain: 2,
        max_directives: 1,
        max_tokens: 40,
        max_nesting: 3,
        ..Limits::DEFAULT
    };
    check("{ a b c }", tight.clone(), Ok(()));
    check(
        "{ x: a y: b z: c }",
        tight.clone(),
        Err("the query has 3 aliases; at most 2 are allowed"),
    );
    check(
        "{ a a a a a a }",
        tight.clone(),
        Err("the query has 6 field selections; at most 5 are allowed"),
    );
    check(
        "{ a { b { c { d } } } }",
        tight.clone(),
        Err("the query has 4 levels of nested brackets; at most 3 are allowed"),
    );
    check(
        "{ a @skip(if: true) @include(if: true) }",
        tight.clone(),
        Err("the query has 2 directives on one field; at most 1 are allowed"),
    );
    check(
        "{ ...A } fragment A on Q { ...B } fragment B on Q { ...C } fragment C on Q { a }",
        tight.clone(),
        Err("the query has 3 fragments in a chain; at most 2 are allowed"),
    );
    check(
        &"{ a }".repeat(20),
        tight.clone(),
        Err("the query has more than 40 tokens"),
    );
}

#[test]
fn strings_and_comments_hide_brackets() {
    let tight = Limits {
        max_nesting: 2,
        ..Limits::DEFAULT
    };
    check("# {{{{{{\n{ a(x: \"{{{{{{\") }", tight.clone(), Ok(()));
    check("{ a(x: \"\"\"{{{{ \\\"\"\" }}}}\"\"\") }", tight, Ok(()));
}

#[test]
fn fragment_cycles_end_the_chain() {
    check(
        "{ ...A } fragment A on Q { ...B } fragment B on Q { ...A }",
        Limits::DEFAULT,
        Ok(()),
    );
}

#[test]
fn a_fragment_spread_many_times_is_measured_once_and_multiplied() {
    // Eight fragments, each spreading the next fourteen times: 14^7 fields once spread.
    let mut query = String::from("{ ...F0 }");
    for i in 0..7 {
        let spreads = format!("...F{} ", i + 1).repeat(14);
        query += &format!(" fragment F{i} on Query {{ {spreads}}}");
    }
    query += " fragment F7 on Query { a { b } }";
    let doc = parse_query(&query).expect("the bomb parses");
    let size = complexity(&doc, &Variables::default(), &ListFields::default());
    let leaves = 14usize.pow(7);
    assert_eq!(
        (size.cost, size.fields, size.depth),
        (2 * leaves, 2 * leaves, 2)
    );
    // Validation would visit the operation and every definition, each expanded.
    let visited = 2 * leaves + (0..8).map(|i| 2 * 14usize.pow(i)).sum::<usize>();
    check(
        &query,
        Limits::DEFAULT,
        Err(&format!(
            "the query is too complex: once its fragments are spread it selects {visited} \
             fields, at most 100000 are allowed"
        )),
    );
}

#[test]
fn the_served_schemas_connections_are_list_fields() {
    let lists = ListFields::of_schema();
    for name in [
        "statements",
        "coChairTimeline",
        "participants",
        "textSearch",
        "figures",
    ] {
        assert!(lists.contains(name), "{name} is a list field");
    }
    assert!(!lists.contains("entity") && !lists.contains("dataVersion"));
}

#[test]
fn empty_pages_still_count_their_expansion() {
    let lists = ListFields::of_fields([("items", "ItemConnection")]);
    let query = "{ items(first: 0) { ...A } } fragment A on Item { ...B ...B ...B } \
                 fragment B on Item { x x x x x x x x x x }";
    let doc = parse_query(query).expect("parses");
    let size = complexity(&doc, &Variables::default(), &lists);
    assert_eq!((size.cost, size.fields, size.depth), (1, 31, 2));
    let tight = Limits {
        max_complexity: 40,
        ..Limits::DEFAULT
    };
    // The operation expands to 31 fields and the definitions to 30 + 10 more.
    let refused = check_document(&doc, &tight, &lists).map(|_| ());
    assert_eq!(
        refused.map_err(|e| e.0),
        Err(
            "the query is too complex: once its fragments are spread it selects 71 fields, \
             at most 40 are allowed"
                .to_owned()
        )
    );
}
