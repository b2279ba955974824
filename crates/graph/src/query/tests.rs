//! Graph queries on the small fixture graph of `tests/fixtures/graph`.

use super::*;
use crate::{EntityId, EntityRef};
use bpgraph_model::{EntityKind, Format, Status};
use bpgraph_seed::SeedFiles;

fn graph() -> KnowledgeGraph {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/graph");
    KnowledgeGraph::new(
        bpgraph_seed::validate(&SeedFiles::read_dir(dir.as_ref()).unwrap()).unwrap(),
    )
}

fn id(graph: &KnowledgeGraph, slug: &str) -> EntityId {
    graph.entity_by_slug(slug).unwrap().id()
}

fn slugs<'g>(entities: impl IntoIterator<Item = EntityRef<'g>>) -> Vec<&'g str> {
    entities.into_iter().map(|e| e.slug()).collect()
}

fn date(text: &str) -> DateSpec {
    text.parse().unwrap()
}

#[test]
fn statements_as_of_a_date() {
    let graph = graph();
    let check = |slug: &str, predicate, as_of: &str, expected: &[&str]| {
        let query = StatementQuery::incoming(predicate).as_of(date(as_of));
        let found: Vec<_> = graph
            .entity_by_slug(slug)
            .unwrap()
            .statements(&query)
            .iter()
            .map(|s| s.id())
            .collect();
        assert_eq!(found, expected, "{predicate} of {slug} as of {as_of}");
    };
    check(
        "budapest-process",
        Predicate::Chairs,
        "2000",
        &["hungary-chairs"],
    );
    // A partial date overlaps both sides of a handover.
    check(
        "budapest-process",
        Predicate::Chairs,
        "2006",
        &["hungary-chairs", "turkiye-chairs"],
    );
    check(
        "budapest-process",
        Predicate::Chairs,
        "2016-12-15",
        &["turkiye-chairs"],
    );
    check("budapest-process", Predicate::CoChairs, "2005", &[]);
    // Attested in 2025-11 with no start: holds from then on, not before.
    check("twg-lec", Predicate::CoChairs, "2024", &[]);
    check(
        "twg-lec",
        Predicate::CoChairs,
        "2026",
        &["lec-co-chairs/bulgaria", "lec-co-chairs/iraq"],
    );
    // Conflicting sources: the undated statement is timeless, the other starts in 2026.
    check(
        "twg-rr",
        Predicate::CoChairs,
        "2025-06",
        &["rr-iraq-undated"],
    );
    check(
        "twg-rr",
        Predicate::CoChairs,
        "2025",
        &["rr-iraq-undated", "rr-turkiye"],
    );
    check(
        "twg-rr",
        Predicate::CoChairs,
        "2026-01",
        &["rr-iraq-undated", "rr-iraq-from-2026", "rr-turkiye"],
    );
}

#[test]
fn direction_and_literals() {
    let graph = graph();
    let som = graph.entity_by_slug("som-37").unwrap();
    let outgoing = som.statements(&StatementQuery {
        direction: Direction::Outgoing,
        ..Default::default()
    });
    let ids: Vec<_> = outgoing.iter().map(|s| s.id()).collect();
    assert_eq!(ids, ["som-37-held-in", "som-37-participants"]);
    assert!(matches!(outgoing[1].object(), ObjectRef::Number(n) if n == 110.0));
    assert_eq!(som.statements(&StatementQuery::default()).len(), 5);
    // Several predicates at once, and the entities at the other ends, each once.
    let some = som.statements(&StatementQuery {
        any_of: vec![Predicate::HeldIn, Predicate::Attended],
        ..Default::default()
    });
    assert!(some.len() >= 2);
    assert!(some
        .iter()
        .all(|s| matches!(s.predicate(), Predicate::HeldIn | Predicate::Attended)));
    let ends = som.other_ends(&some);
    assert_eq!(ends.len(), some.len(), "{:?}", slugs(ends.clone()));
    assert!(!ends.iter().any(|e| e.id() == som.id()));
}

#[test]
fn chair_and_co_chair_timeline() {
    let graph = graph();
    let check = |group: &str, expected: &[&str]| {
        let timeline = graph.timeline(id(&graph, group), &[Predicate::Chairs, Predicate::CoChairs]);
        let ids: Vec<_> = timeline.iter().map(|s| s.id()).collect();
        assert_eq!(ids, expected, "timeline of {group}");
    };
    check(
        "budapest-process",
        &["hungary-chairs", "turkiye-chairs", "hungary-co-chairs"],
    );
    check(
        "twg-rr",
        &["rr-turkiye", "rr-iraq-from-2026", "rr-iraq-undated"],
    );
}

#[test]
fn meetings_by_year_place_format_status_and_group() {
    let graph = graph();
    let check = |filter: EntityFilter, expected: &[&str]| {
        let meetings = graph.entities_of_kind(EntityKind::Meeting);
        let mut found = slugs(graph.filter_entities(meetings, &filter));
        found.sort();
        let mut expected = expected.to_vec();
        expected.sort();
        assert_eq!(found, expected, "{filter:?}");
    };
    check(
        EntityFilter::default(),
        &["som-24", "som-37", "webinar-2026", "twg-lec-2026"],
    );
    check(
        EntityFilter {
            year_from: Some(2026),
            year_to: Some(2026),
            ..Default::default()
        },
        &["webinar-2026", "twg-lec-2026"],
    );
    check(
        EntityFilter {
            year_from: Some(2010),
            year_to: Some(2025),
            ..Default::default()
        },
        &["som-24", "som-37"],
    );
    let turkiye = id(&graph, "turkiye");
    check(
        EntityFilter {
            places: Some(vec![turkiye]),
            ..Default::default()
        },
        &["som-24", "som-37", "twg-lec-2026"],
    );
    let antalya = id(&graph, "antalya");
    check(
        EntityFilter {
            places: Some(vec![antalya]),
            ..Default::default()
        },
        &["som-24", "twg-lec-2026"],
    );
    check(
        EntityFilter {
            formats: Some(vec![Format::Online]),
            ..Default::default()
        },
        &["webinar-2026"],
    );
    check(
        EntityFilter {
            statuses: Some(vec![Status::Held]),
            ..Default::default()
        },
        &["som-24", "som-37"],
    );
    let lec = id(&graph, "twg-lec");
    check(
        EntityFilter {
            meeting_of: Some(vec![lec]),
            ..Default::default()
        },
        &["twg-lec-2026"],
    );
}

#[test]
fn participants_and_attendance_sets() {
    let graph = graph();
    let (som24, som37) = (id(&graph, "som-24"), id(&graph, "som-37"));
    assert_eq!(
        slugs(graph.participants(som37, None)),
        ["bulgaria", "iraq", "turkiye"]
    );
    assert_eq!(
        slugs(graph.participants(som37, Some(EntityKind::Process))),
        Vec::<&str>::new()
    );
    let attendance = |filter: EntityFilter| {
        let mut found = slugs(graph.filter_entities(graph.entities(), &filter));
        found.sort();
        found
    };
    assert_eq!(
        attendance(EntityFilter {
            attended_all: Some(vec![som24, som37]),
            ..Default::default()
        }),
        ["iraq", "turkiye"]
    );
    assert_eq!(
        attendance(EntityFilter {
            attended_any: Some(vec![som24, som37]),
            ..Default::default()
        }),
        ["afghanistan", "bulgaria", "iraq", "turkiye"]
    );
    // Only kinds that attend meetings can have attended none.
    assert_eq!(
        attendance(EntityFilter {
            attended_none: Some(vec![som24]),
            ..Default::default()
        }),
        ["budapest-process", "bulgaria", "hungary"]
    );
    assert!(attendance(EntityFilter {
        attended_all: Some(vec![]),
        ..Default::default()
    })
    .is_empty());
}

#[test]
fn lookup_ignores_case_and_diacritics() {
    let graph = graph();
    for text in ["turkiye", "Türkiye", "TÜRKIYE", "turkey", "Turkey"] {
        assert_eq!(
            graph.lookup(text).map(|e| e.slug()),
            Some("turkiye"),
            "{text}"
        );
    }
    assert_eq!(
        graph
            .lookup("37th senior officials meeting")
            .map(|e| e.slug()),
        Some("som-37")
    );
    assert!(graph.lookup("Narnia").is_none());
}

#[test]
fn shortest_path_with_its_statements() {
    let graph = graph();
    let (afghanistan, bulgaria) = (id(&graph, "afghanistan"), id(&graph, "bulgaria"));
    let path = graph.shortest_path(afghanistan, bulgaria, 6, None).unwrap();
    let steps: Vec<_> = path
        .iter()
        .map(|s| (s.statement.id().into_owned(), s.to.slug()))
        .collect();
    assert_eq!(
        steps,
        [
            ("som-24-attendance/afghanistan".to_owned(), "som-24"),
            ("som-24-attendance/iraq".to_owned(), "iraq"),
            ("lec-co-chairs/iraq".to_owned(), "twg-lec"),
            ("lec-co-chairs/bulgaria".to_owned(), "bulgaria"),
        ]
    );
    assert!(graph
        .shortest_path(afghanistan, bulgaria, 3, None)
        .is_none());
    let only_attendance = [Predicate::Attended];
    let path = graph
        .shortest_path(afghanistan, bulgaria, 6, Some(&only_attendance))
        .unwrap();
    assert_eq!(
        path.last().unwrap().statement.id(),
        "som-37-attendance/bulgaria"
    );
    assert_eq!(
        graph
            .shortest_path(afghanistan, afghanistan, 0, None)
            .unwrap()
            .len(),
        0
    );
    let hungary = id(&graph, "hungary");
    assert!(graph
        .shortest_path(afghanistan, hungary, 10, Some(&only_attendance))
        .is_none());
}

#[test]
fn neighbourhood_to_depth_n() {
    let graph = graph();
    let som37 = id(&graph, "som-37");
    let around = graph.neighbourhood(som37, 1, None);
    let found: Vec<_> = around
        .entities
        .iter()
        .map(|(e, d)| (e.slug(), *d))
        .collect();
    assert_eq!(
        found,
        [
            ("som-37", 0),
            ("bulgaria", 1),
            ("iraq", 1),
            ("turkiye", 1),
            ("istanbul", 1)
        ]
    );
    assert_eq!(around.statements.len(), 4);
    let two = graph.neighbourhood(som37, 2, Some(&[Predicate::Attended]));
    let found: Vec<_> = two.entities.iter().map(|(e, d)| (e.slug(), *d)).collect();
    assert_eq!(
        found,
        [
            ("som-37", 0),
            ("bulgaria", 1),
            ("iraq", 1),
            ("turkiye", 1),
            ("som-24", 2)
        ]
    );
    assert_eq!(graph.neighbourhood(som37, 0, None).entities.len(), 1);
}
