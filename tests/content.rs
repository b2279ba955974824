//! What the sources say, checked against the embedded graph: `tests/content/facts.txt` is a
//! table of facts written down from the five documents independently of the seed files (its
//! header explains the line forms). Every line is checked and every miss is reported at once,
//! with its line number.

use bpgraph::KnowledgeGraph;
use bpgraph_graph::{ClaimQuery, EntityRef, ObjectRef, Standing, StatementQuery, StatementRef};
use bpgraph_model::{DateSpec, EntityKind, Predicate};
use std::collections::BTreeSet;

const FACTS: &str = include_str!("content/facts.txt");

#[test]
fn the_graph_holds_every_fact_of_the_table() {
    let graph = bpgraph::load_embedded().expect("the embedded seed loads");
    let mut checked = 0;
    let failures: Vec<String> = FACTS
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .filter_map(|(index, line)| {
            checked += 1;
            check(&graph, line)
                .err()
                .map(|why| format!("facts.txt:{}: {line}\n    {why}", index + 1))
        })
        .collect();
    assert!(checked >= 60, "only {checked} facts in the table");
    assert!(
        failures.is_empty(),
        "{} of {checked} facts fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Checks one line of the table.
fn check(graph: &KnowledgeGraph, line: &str) -> Result<(), String> {
    let words = split_words(line)?;
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["fact", subject, predicate, object, rest @ ..] => {
            check_fact(graph, subject, predicate, object, rest)
        }
        ["lookup", text, slug] => match graph.lookup(text) {
            Some(found) if found.slug() == *slug => Ok(()),
            Some(found) => Err(format!("finds `{}`", found.slug())),
            None => Err("finds nothing".into()),
        },
        ["holds", date, predicate, object, "=", expected @ ..] => {
            let date: DateSpec = date.parse().map_err(|e| format!("bad date: {e}"))?;
            let query = StatementQuery::incoming(predicate_named(predicate)?).as_of(date);
            let holders: BTreeSet<&str> = entity(graph, object)?
                .statements(&query)
                .iter()
                .map(|s| s.subject().slug())
                .collect();
            let expected: BTreeSet<&str> = expected.iter().copied().collect();
            (holders == expected)
                .then_some(())
                .ok_or(format!("holds for {holders:?}"))
        }
        ["entity", slug, kind, fields @ ..] => {
            let entity = entity(graph, slug)?;
            if entity.kind().table() != *kind {
                return Err(format!("is a {}", entity.kind().table()));
            }
            let wrong: Vec<String> = fields
                .iter()
                .filter_map(|field| {
                    let (key, expected) = field.split_once('=')?;
                    let actual = entity_field(&entity, key);
                    (actual.as_deref() != Some(expected)).then(|| format!("{key} is {actual:?}"))
                })
                .collect();
            wrong.is_empty().then_some(()).ok_or(wrong.join(", "))
        }
        ["count", predicate, object, kind, expected] => {
            let kind = EntityKind::from_table(kind).ok_or(format!("no entity kind `{kind}`"))?;
            let query = StatementQuery::incoming(predicate_named(predicate)?);
            let subjects: BTreeSet<&str> = entity(graph, object)?
                .statements(&query)
                .iter()
                .map(|s| s.subject())
                .filter(|s| s.kind() == kind)
                .map(|s| s.slug())
                .collect();
            let count = subjects.len().to_string();
            (count == *expected)
                .then_some(())
                .ok_or(format!("{count} found: {subjects:?}"))
        }
        ["claims", predicate, object, subject, expected] => {
            let query = ClaimQuery {
                statements: StatementQuery::incoming(predicate_named(predicate)?),
                ..ClaimQuery::default()
            };
            let count = entity(graph, object)?
                .claims(&query)
                .iter()
                .filter(|c| c.subject().slug() == *subject)
                .count()
                .to_string();
            (count == *expected)
                .then_some(())
                .ok_or(format!("{count} claims"))
        }
        ["known", date, predicate, object, "=", expected @ ..] => {
            let date: DateSpec = date.parse().map_err(|e| format!("bad date: {e}"))?;
            let query = ClaimQuery {
                statements: StatementQuery::incoming(predicate_named(predicate)?),
                ..ClaimQuery::default()
            };
            let known: BTreeSet<String> = entity(graph, object)?
                .claims(&query)
                .iter()
                .filter_map(|c| {
                    Some(format!(
                        "{}:{}",
                        c.subject().slug(),
                        standing_name(c.standing(&date)?)
                    ))
                })
                .collect();
            let expected: BTreeSet<String> = expected.iter().map(|e| e.to_string()).collect();
            (known == expected)
                .then_some(())
                .ok_or(format!("known as {known:?}"))
        }
        ["derived", id, derivation] => {
            let statement = graph
                .statement_by_id(id)
                .ok_or(format!("no statement has id `{id}`"))?;
            let actual = statement.qualifiers().derivation.as_str();
            (actual == *derivation)
                .then_some(())
                .ok_or(format!("is read as `{actual}`"))
        }
        ["dated", id, derivation] => {
            let statement = graph
                .statement_by_id(id)
                .ok_or(format!("no statement has id `{id}`"))?;
            let actual = statement.qualifiers().date_derivation.map(|d| d.as_str());
            (actual == Some(*derivation))
                .then_some(())
                .ok_or(format!("has its dates read as {actual:?}"))
        }
        ["quoted", id, words @ ..] => {
            let statement = graph
                .statement_by_id(id)
                .ok_or(format!("no statement has id `{id}`"))?;
            let quotes: Vec<String> = statement
                .citations()
                .map(|c| bpgraph_model::text::lookup_key(c.quote()))
                .collect();
            let missing: Vec<&str> = words
                .iter()
                .copied()
                .filter(|w| {
                    // `split_words` keeps the opening quote of a fourth word (a `fact`'s object).
                    let w = bpgraph_model::text::lookup_key(w.trim_start_matches('"'));
                    !quotes.iter().any(|q| q.contains(&w))
                })
                .collect();
            missing
                .is_empty()
                .then_some(())
                .ok_or(format!("no quote of it says {missing:?}: {quotes:?}"))
        }
        _ => Err("not a line of the table (see its header)".into()),
    }
}

/// A standing as the table spells it.
fn standing_name(standing: Standing) -> &'static str {
    match standing {
        Standing::KnownToHold => "known_to_hold",
        Standing::AttestedEarlier => "attested_earlier",
        Standing::NotYetAttested => "not_yet_attested",
    }
}

/// A `fact` line: some statement of `subject` with `predicate` on `object` carries every
/// qualifier listed and a citation of the `@source`.
fn check_fact(
    graph: &KnowledgeGraph,
    subject: &str,
    predicate: &str,
    object: &str,
    rest: &[&str],
) -> Result<(), String> {
    let (source, qualifiers) = match rest.split_last() {
        Some((last, qualifiers)) if last.starts_with('@') => (&last[1..], qualifiers),
        _ => return Err("a fact ends with @source".into()),
    };
    let statements =
        entity(graph, subject)?.statements(&StatementQuery::outgoing(predicate_named(predicate)?));
    let on_object: Vec<_> = statements
        .iter()
        .filter(|s| object_matches(s, object))
        .collect();
    if on_object.is_empty() {
        return Err(format!("no `{predicate}` statement on {object}"));
    }
    let qualified: Vec<_> = on_object
        .iter()
        .filter(|s| qualifiers.iter().all(|q| qualifier_matches(s, q)))
        .collect();
    if qualified.is_empty() {
        let ids: Vec<_> = on_object.iter().map(|s| s.id()).collect();
        return Err(format!("statements {ids:?} lack {qualifiers:?}"));
    }
    let cited = qualified
        .iter()
        .any(|s| s.citations().any(|c| c.source().id() == source));
    cited.then_some(()).ok_or_else(|| {
        let ids: Vec<_> = qualified.iter().map(|s| s.id()).collect();
        format!("statements {ids:?} do not cite {source}")
    })
}

fn object_matches(statement: &StatementRef<'_>, expected: &str) -> bool {
    match statement.object() {
        ObjectRef::Entity(entity) => entity.slug() == expected,
        ObjectRef::Number(value) => {
            expected.strip_prefix('#').and_then(|n| n.parse().ok()) == Some(value)
        }
        ObjectRef::Text(text) => expected
            .strip_prefix('"')
            .is_some_and(|t| text.contains(t.trim_end_matches('"'))),
    }
}

fn qualifier_matches(statement: &StatementRef<'_>, qualifier: &str) -> bool {
    let q = statement.qualifiers();
    let text = |value: Option<String>| value.unwrap_or_default();
    let Some((key, expected)) = qualifier.split_once('=') else {
        return false;
    };
    let actual = match key {
        "start" => text(q.start.as_ref().map(ToString::to_string)),
        "end" => text(q.end.as_ref().map(ToString::to_string)),
        "at" => text(q.at.as_ref().map(ToString::to_string)),
        "role" => text(q.role.clone()),
        "status" => text(q.status.map(|s| s.as_str().to_owned())),
        "format" => text(q.format.map(|f| f.as_str().to_owned())),
        "measure" => text(q.measure.clone()),
        "unit" => text(q.unit.clone()),
        "bound" => text(q.bound.map(|b| b.as_str().to_owned())),
        _ => return false,
    };
    actual == expected
}

fn entity_field(entity: &EntityRef<'_>, key: &str) -> Option<String> {
    match key {
        "name" => Some(entity.name().to_owned()),
        "date" => entity.date().map(ToString::to_string),
        "status" => entity.status().map(|s| s.as_str().to_owned()),
        "format" => entity.format().map(|f| f.as_str().to_owned()),
        "category" => entity.category().map(str::to_owned),
        "iso2" => entity.iso2().map(str::to_owned),
        "iso3" => entity.iso3().map(str::to_owned),
        "date_derivation" => entity.date_derivation().map(|d| d.as_str().to_owned()),
        _ => None,
    }
}

fn entity<'g>(graph: &'g KnowledgeGraph, slug: &str) -> Result<EntityRef<'g>, String> {
    graph
        .entity_by_slug(slug)
        .ok_or(format!("no entity `{slug}`"))
}

fn predicate_named(name: &str) -> Result<Predicate, String> {
    Predicate::from_name(name).ok_or(format!("no predicate `{name}`"))
}

/// Splits a line on whitespace, keeping `"quoted text"` as one word (without its quotes, except
/// a text object keeps its leading quote so it can be told from a slug).
fn split_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut rest = line.trim();
    while !rest.is_empty() {
        if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"').ok_or("unclosed quote")?;
            let keep_quote = words.len() == 3; // the object of a `fact`
            words.push(if keep_quote {
                format!("\"{}", &quoted[..end])
            } else {
                quoted[..end].to_owned()
            });
            rest = quoted[end + 1..].trim_start();
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            match rest[..end].find("=\"") {
                // `key="a value with spaces"`: the value without its quotes.
                Some(equals) => {
                    let value = &rest[equals + 2..];
                    let close = value.find('"').ok_or("unclosed quote")?;
                    words.push(format!("{}={}", &rest[..equals], &value[..close]));
                    rest = value[close + 1..].trim_start();
                }
                None => {
                    words.push(rest[..end].to_owned());
                    rest = rest[end..].trim_start();
                }
            }
        }
    }
    Ok(words)
}
