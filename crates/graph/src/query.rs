//! The relational questions the API asks of the graph: time-filtered statements, chair
//! timelines, meeting filters, attendance sets, shortest paths and neighbourhoods.

use super::handles::{EntityRef, ObjectRef, StatementRef};
use super::{EntityId, KnowledgeGraph, StatementId};
use bpgraph_model::{DateSpec, EntityKind, Format, Predicate, Qualifiers, Status};
use petgraph::visit::EdgeRef;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

/// Which statements of an entity to follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Statements whose subject is the entity.
    Outgoing,
    /// Statements whose object is the entity.
    Incoming,
    /// Both.
    #[default]
    Both,
}

/// A filter on an entity's statements.
#[derive(Debug, Clone, Default)]
pub struct StatementQuery {
    pub predicate: Option<Predicate>,
    pub direction: Direction,
    /// Keep only statements that hold at this date (see [`holds_at`]).
    pub as_of: Option<DateSpec>,
}

impl StatementQuery {
    pub fn outgoing(predicate: Predicate) -> Self {
        StatementQuery {
            predicate: Some(predicate),
            direction: Direction::Outgoing,
            as_of: None,
        }
    }

    pub fn incoming(predicate: Predicate) -> Self {
        StatementQuery {
            predicate: Some(predicate),
            direction: Direction::Incoming,
            as_of: None,
        }
    }

    pub fn as_of(mut self, date: DateSpec) -> Self {
        self.as_of = Some(date);
        self
    }

    /// Whether `statement` has the predicate and holds at the date asked for (direction is
    /// the caller's to apply).
    pub fn matches(&self, statement: &StatementRef<'_>) -> bool {
        self.predicate.is_none_or(|p| statement.predicate() == p)
            && self
                .as_of
                .is_none_or(|date| holds_at(statement.qualifiers(), &date))
    }
}

/// Whether a statement holds at `date`, by what its sources say:
/// - with `start` and/or `end`, it holds from the start (or always before) until the end (or
///   ever after);
/// - with only `at` (attested at that time, start unknown), it holds from `at` on;
/// - with no time qualifier, it is timeless and always holds.
///
/// Partial dates count as overlapping: `2026` holds as of `2026-03-04`.
pub fn holds_at(qualifiers: &Qualifiers, date: &DateSpec) -> bool {
    let from = qualifiers.start.as_ref().or(match qualifiers.end {
        Some(_) => None,
        None => qualifiers.at.as_ref(),
    });
    let started = from.is_none_or(|from| from.first_day() <= date.last_day());
    let not_ended = qualifiers
        .end
        .as_ref()
        .is_none_or(|end| end.last_day() >= date.first_day());
    started && not_ended
}

/// The date a time-qualified statement is sorted by: its start, else when it is attested.
fn sort_date(qualifiers: &Qualifiers) -> Option<&DateSpec> {
    qualifiers.start.as_ref().or(qualifiers.at.as_ref())
}

/// Criteria for [`KnowledgeGraph::meetings`]; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct MeetingFilter {
    /// Inclusive range of years the meeting's date must overlap.
    pub years: Option<(i32, i32)>,
    /// A place or state the meeting is held in (a state matches its places too).
    pub place: Option<EntityId>,
    pub format: Option<Format>,
    pub status: Option<Status>,
    /// The dialogue or group the meeting is a meeting of.
    pub meeting_of: Option<EntityId>,
}

/// One step of a path: a statement and the entity it leads to.
#[derive(Debug, Clone, Copy)]
pub struct PathStep<'g> {
    pub statement: StatementRef<'g>,
    pub to: EntityRef<'g>,
}

/// The entities within some distance of a centre, and the statements between them.
#[derive(Debug, Clone)]
pub struct Neighbourhood<'g> {
    /// Each entity with its distance from the centre (the centre at 0), nearest first.
    pub entities: Vec<(EntityRef<'g>, usize)>,
    pub statements: Vec<StatementRef<'g>>,
}

impl KnowledgeGraph {
    /// Who held `predicates` (e.g. chairs, co-chairs) of `group` over time, oldest first;
    /// undated statements last. Conflicting statements are all kept.
    pub fn timeline(&self, group: EntityId, predicates: &[Predicate]) -> Vec<StatementRef<'_>> {
        let query = StatementQuery {
            direction: Direction::Incoming,
            // One predicate (the usual case) is filtered while the adjacency list is read.
            predicate: match predicates {
                [one] => Some(*one),
                _ => None,
            },
            ..StatementQuery::default()
        };
        let mut entries: Vec<_> = self
            .entity(group)
            .statements(&query)
            .into_iter()
            .filter(|s| predicates.contains(&s.predicate()))
            .collect();
        entries.sort_by(|a, b| {
            let (qa, qb) = (a.qualifiers(), b.qualifiers());
            DateSpec::dated_first(sort_date(qa), sort_date(qb), false)
                .then_with(|| a.predicate().cmp(&b.predicate()))
                .then_with(|| a.subject().name().cmp(b.subject().name()))
        });
        entries
    }

    /// Meetings matching `filter`, in date order (undated last).
    pub fn meetings(&self, filter: &MeetingFilter) -> Vec<EntityRef<'_>> {
        let mut meetings: Vec<_> = self
            .entities_of_kind(EntityKind::Meeting)
            .filter(|m| filter.format.is_none_or(|f| m.format() == Some(f)))
            .filter(|m| filter.status.is_none_or(|s| m.status() == Some(s)))
            .filter(|m| {
                filter.years.is_none_or(|(from, to)| {
                    m.date()
                        .is_some_and(|d| d.from.year <= to && d.to.year >= from)
                })
            })
            .filter(|m| {
                filter
                    .meeting_of
                    .is_none_or(|g| m.objects(Predicate::MeetingOf).iter().any(|o| o.id() == g))
            })
            .filter(|m| filter.place.is_none_or(|p| self.held_in(*m, p)))
            .collect();
        meetings.sort_by(|a, b| {
            DateSpec::dated_first(a.date(), b.date(), false).then_with(|| a.name().cmp(b.name()))
        });
        meetings
    }

    /// Whether `meeting` is held in `place`, directly or in a place located in it.
    fn held_in(&self, meeting: EntityRef<'_>, place: EntityId) -> bool {
        meeting.objects(Predicate::HeldIn).iter().any(|p| {
            p.id() == place
                || p.objects(Predicate::LocatedIn)
                    .iter()
                    .any(|outer| outer.id() == place)
        })
    }

    /// The entities that attended `meeting`, optionally of one kind, in seed order.
    pub fn participants(&self, meeting: EntityId, kind: Option<EntityKind>) -> Vec<EntityRef<'_>> {
        let mut seen = HashSet::new();
        self.entity(meeting)
            .subjects(Predicate::Attended)
            .into_iter()
            .filter(|e| kind.is_none_or(|k| e.kind() == k))
            .filter(|e| seen.insert(e.id()))
            .collect()
    }

    fn attendance(&self, meetings: &[EntityId]) -> Vec<BTreeSet<EntityId>> {
        meetings
            .iter()
            .map(|&m| self.participants(m, None).iter().map(|e| e.id()).collect())
            .collect()
    }

    /// Entities that attended every one of `meetings` (none if the list is empty).
    pub fn attended_all(&self, meetings: &[EntityId]) -> Vec<EntityRef<'_>> {
        let sets = self.attendance(meetings);
        let Some((first, rest)) = sets.split_first() else {
            return Vec::new();
        };
        self.in_order(
            first
                .iter()
                .filter(|id| rest.iter().all(|set| set.contains(id)))
                .copied()
                .collect(),
        )
    }

    /// Entities that attended at least one of `meetings`.
    pub fn attended_any(&self, meetings: &[EntityId]) -> Vec<EntityRef<'_>> {
        self.in_order(self.attendance(meetings).into_iter().flatten().collect())
    }

    /// Entities of a kind that can attend meetings (states, organisations, processes) that
    /// attended none of `meetings`.
    pub fn attended_none(&self, meetings: &[EntityId]) -> Vec<EntityRef<'_>> {
        let attended: BTreeSet<EntityId> =
            self.attendance(meetings).into_iter().flatten().collect();
        self.entities()
            .filter(|e| Predicate::Attended.domain().contains(&e.kind()))
            .filter(|e| !attended.contains(&e.id()))
            .collect()
    }

    fn in_order(&self, ids: BTreeSet<EntityId>) -> Vec<EntityRef<'_>> {
        ids.into_iter().map(|id| self.entity(id)).collect()
    }

    /// The statements between `id` and its neighbours, in either direction, in seed order.
    fn adjacent(&self, id: EntityId) -> Vec<(StatementId, EntityId)> {
        let outgoing = self
            .edges
            .edges_directed(id.node(), petgraph::Direction::Outgoing)
            .map(|e| (*e.weight(), EntityId(e.target().index() as u32)));
        let incoming = self
            .edges
            .edges_directed(id.node(), petgraph::Direction::Incoming)
            .map(|e| (*e.weight(), EntityId(e.source().index() as u32)));
        let mut adjacent: Vec<_> = outgoing.chain(incoming).collect();
        adjacent.sort_unstable();
        adjacent
    }

    /// A shortest chain of statements linking `from` to `to` (in either direction), of at most
    /// `max_hops` statements, following only `predicates` if given. Empty when `from == to`.
    pub fn shortest_path(
        &self,
        from: EntityId,
        to: EntityId,
        max_hops: usize,
        predicates: Option<&[Predicate]>,
    ) -> Option<Vec<PathStep<'_>>> {
        let mut came_from: HashMap<EntityId, (StatementId, EntityId)> = HashMap::new();
        let mut queue = VecDeque::from([(from, 0usize)]);
        let mut visited = HashSet::from([from]);
        while let Some((current, hops)) = queue.pop_front() {
            if current == to {
                break;
            }
            if hops == max_hops {
                continue;
            }
            let next = self.adjacent(current);
            for (statement, neighbour) in next {
                if !self.follows(statement, predicates) {
                    continue;
                }
                if visited.insert(neighbour) {
                    came_from.insert(neighbour, (statement, current));
                    queue.push_back((neighbour, hops + 1));
                }
            }
        }
        if from != to && !came_from.contains_key(&to) {
            return None;
        }
        let mut steps = Vec::new();
        let mut at = to;
        while at != from {
            let (statement, previous) = came_from[&at];
            steps.push(PathStep {
                statement: self.statement(statement),
                to: self.entity(at),
            });
            at = previous;
        }
        steps.reverse();
        Some(steps)
    }

    fn follows(&self, statement: StatementId, predicates: Option<&[Predicate]>) -> bool {
        predicates.is_none_or(|ps| ps.contains(&self.statement(statement).predicate()))
    }

    /// The entities at most `depth` statements away from `center` (either direction), following
    /// only `predicates` if given, and every statement followed.
    pub fn neighbourhood(
        &self,
        center: EntityId,
        depth: usize,
        predicates: Option<&[Predicate]>,
    ) -> Neighbourhood<'_> {
        let mut distance: HashMap<EntityId, usize> = HashMap::from([(center, 0)]);
        let mut order = vec![center];
        let mut statements = BTreeSet::new();
        let mut frontier = vec![center];
        for hop in 1..=depth {
            let mut next = Vec::new();
            for &id in &frontier {
                for (statement, neighbour) in self.adjacent(id) {
                    if !self.follows(statement, predicates) {
                        continue;
                    }
                    statements.insert(statement);
                    if let std::collections::hash_map::Entry::Vacant(slot) =
                        distance.entry(neighbour)
                    {
                        slot.insert(hop);
                        order.push(neighbour);
                        next.push(neighbour);
                    }
                }
            }
            frontier = next;
        }
        Neighbourhood {
            entities: order
                .into_iter()
                .map(|id| (self.entity(id), distance[&id]))
                .collect(),
            statements: statements
                .into_iter()
                .map(|id| self.statement(id))
                .collect(),
        }
    }
}

impl<'g> ObjectRef<'g> {
    /// The object as a reader would name it: the entity's name, the text or the number.
    pub fn label(&self) -> std::borrow::Cow<'g, str> {
        match self {
            ObjectRef::Entity(entity) => entity.name().into(),
            other => other.display().into(),
        }
    }

    /// The object as text, for display (an entity by its slug).
    pub fn display(&self) -> String {
        match self {
            ObjectRef::Entity(e) => e.slug().to_owned(),
            ObjectRef::Text(t) => (*t).to_owned(),
            ObjectRef::Number(n) => n.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
    }

    #[test]
    fn chair_and_co_chair_timeline() {
        let graph = graph();
        let check = |group: &str, expected: &[&str]| {
            let timeline =
                graph.timeline(id(&graph, group), &[Predicate::Chairs, Predicate::CoChairs]);
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
        let check = |filter: MeetingFilter, expected: &[&str]| {
            assert_eq!(slugs(graph.meetings(&filter)), expected, "{filter:?}");
        };
        check(
            MeetingFilter::default(),
            &["som-24", "som-37", "webinar-2026", "twg-lec-2026"],
        );
        check(
            MeetingFilter {
                years: Some((2026, 2026)),
                ..Default::default()
            },
            &["webinar-2026", "twg-lec-2026"],
        );
        check(
            MeetingFilter {
                years: Some((2010, 2025)),
                ..Default::default()
            },
            &["som-24", "som-37"],
        );
        let turkiye = id(&graph, "turkiye");
        check(
            MeetingFilter {
                place: Some(turkiye),
                ..Default::default()
            },
            &["som-24", "som-37", "twg-lec-2026"],
        );
        let antalya = id(&graph, "antalya");
        check(
            MeetingFilter {
                place: Some(antalya),
                ..Default::default()
            },
            &["som-24", "twg-lec-2026"],
        );
        check(
            MeetingFilter {
                format: Some(Format::Online),
                ..Default::default()
            },
            &["webinar-2026"],
        );
        check(
            MeetingFilter {
                status: Some(Status::Held),
                ..Default::default()
            },
            &["som-24", "som-37"],
        );
        let lec = id(&graph, "twg-lec");
        check(
            MeetingFilter {
                meeting_of: Some(lec),
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
        assert_eq!(
            slugs(graph.attended_all(&[som24, som37])),
            ["turkiye", "iraq"]
        );
        assert_eq!(
            slugs(graph.attended_any(&[som24, som37])),
            ["turkiye", "iraq", "bulgaria", "afghanistan"]
        );
        assert_eq!(
            slugs(graph.attended_none(&[som24])),
            ["hungary", "bulgaria", "budapest-process"]
        );
        assert!(graph.attended_all(&[]).is_empty());
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
}
