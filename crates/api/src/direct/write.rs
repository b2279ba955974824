//! Running a plan: each field's value read from a graph handle and written as JSON as it is
//! found. Every function returns `None` to give up (see the module docs of `direct`).

use super::input::Inputs;
use super::json;
use super::plan::{Field as F, Item, Plan};
use crate::connection::Page;
use crate::entity::Entity;
use crate::filter::resolve;
use crate::ids::{encode_cursor, entity_id, statement_id};
use crate::query::{path_steps, timeline};
use crate::search::{search, Hit};
use crate::types::{self, DateInput, PartialDate};
use async_graphql::{EnumType, OutputType, Variables};
use bpgraph_graph::{
    CitationRef, EntityRef, KnowledgeGraph, ObjectRef, SourceRef, StatementQuery, StatementRef,
};
use bpgraph_model::iri::BaseIri;
use bpgraph_model::{self as model, DateSpec, Predicate as P, Qualifiers};
use std::io::Write as _;
use std::sync::atomic::Ordering;

/// `None` gives up; the query then runs through async-graphql.
type Done = Option<()>;

impl Plan {
    /// The whole response (`{"data":…}`), or `None` if this request is not one a plan
    /// answers: then async-graphql must run it.
    pub fn execute(
        &self,
        graph: &KnowledgeGraph,
        base: &BaseIri,
        variables: &Variables,
    ) -> Option<Vec<u8>> {
        let mut writer = Writer {
            graph,
            base,
            inputs: Inputs::new(self, variables),
            // Room for the last answer and a little more: an answer grows only with the data
            // or the variables, and every regrowth copies it all.
            out: Vec::with_capacity(self.last_size.load(Ordering::Relaxed) * 9 / 8 + 256),
        };
        writer.out.extend_from_slice(b"{\"data\":");
        writer.object(&self.root, |w, item| w.query_field(item))?;
        writer.out.push(b'}');
        // Stored only when it changes: every store takes the line from the other cores.
        if self.last_size.load(Ordering::Relaxed) != writer.out.len() {
            self.last_size.store(writer.out.len(), Ordering::Relaxed);
        }
        Some(writer.out)
    }
}

struct Writer<'a, 'g> {
    graph: &'g KnowledgeGraph,
    base: &'a BaseIri,
    inputs: Inputs<'a>,
    out: Vec<u8>,
}

impl<'g> Writer<'_, 'g> {
    /// An object of the fields `items` keeps; with none kept it is `null`, as in async-graphql.
    fn object(&mut self, items: &[Item], mut field: impl FnMut(&mut Self, &Item) -> Done) -> Done {
        let start = self.out.len();
        self.out.push(b'{');
        let mut written = false;
        for item in items {
            if !self.inputs.keeps(item)? {
                continue;
            }
            if written {
                self.out.push(b',');
            }
            written = true;
            self.out.extend_from_slice(&item.key);
            match item.field {
                F::Typename(name) => self.string(name),
                _ => field(self, item)?,
            }
        }
        if written {
            self.out.push(b'}');
        } else {
            self.out.truncate(start);
            self.out.extend_from_slice(b"null");
        }
        Some(())
    }

    fn list<T>(
        &mut self,
        values: impl IntoIterator<Item = T>,
        mut value: impl FnMut(&mut Self, T) -> Done,
    ) -> Done {
        self.out.push(b'[');
        for (i, v) in values.into_iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            value(self, v)?;
        }
        self.out.push(b']');
        Some(())
    }

    fn optional<T>(&mut self, value: Option<T>, write: impl FnOnce(&mut Self, T) -> Done) -> Done {
        match value {
            Some(value) => write(self, value),
            None => {
                self.null();
                Some(())
            }
        }
    }

    fn null(&mut self) {
        self.out.extend_from_slice(b"null");
    }

    fn string(&mut self, text: &str) {
        json::write_str(&mut self.out, text);
    }

    fn optional_string(&mut self, text: Option<&str>) -> Done {
        self.optional(text, |w, t| {
            w.string(t);
            Some(())
        })
    }

    fn int(&mut self, value: impl itoa::Integer) {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
    }

    fn float(&mut self, value: f64) {
        serde_json::to_writer(&mut self.out, &value).expect("writing to memory does not fail");
    }

    fn boolean(&mut self, value: bool) {
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
    }

    /// An enum value by its GraphQL name.
    fn enumeration<T: EnumType>(&mut self, value: T) -> Done {
        let item = T::items().iter().find(|item| item.value == value)?;
        self.string(item.name);
        Some(())
    }

    fn query_field(&mut self, item: &Item) -> Done {
        let graph = self.graph;
        match item.field {
            F::DataVersion => self.string(graph.version()),
            F::CoChairTimeline | F::ChairTimeline => {
                let predicate = match item.field {
                    F::CoChairTimeline => P::CoChairs,
                    _ => P::Chairs,
                };
                let group: Option<String> = self.inputs.argument(item, "group")?;
                let statements = timeline(graph, group.as_deref(), predicate).ok()?;
                self.connection(item, &statements, Self::statement)?;
            }
            F::EntityByRef => {
                let reference: String = self.inputs.argument(item, "ref")?;
                let entity = resolve(graph, &reference).ok()?;
                self.entity(&item.children, entity)?;
            }
            F::StatementById => {
                let id: String = self.inputs.argument(item, "id")?;
                let statement = graph.statement_by_id(&id)?;
                self.statement(&item.children, statement)?;
            }
            F::Search => {
                let text: String = self.inputs.argument(item, "text")?;
                let kinds: Option<Vec<types::EntityKind>> = self.inputs.argument(item, "kinds")?;
                let kinds: Option<Vec<model::EntityKind>> =
                    kinds.map(|k| k.into_iter().map(Into::into).collect());
                let hits = search(graph, &text, kinds.as_deref()).ok()?;
                self.connection(item, &hits, Self::hit)?;
            }
            F::Path => {
                let from: String = self.inputs.argument(item, "from")?;
                let to: String = self.inputs.argument(item, "to")?;
                let max_hops: i32 = self.inputs.argument_or(item, "maxHops", 6)?;
                let predicates: Option<Vec<types::Predicate>> =
                    self.inputs.argument(item, "predicates")?;
                let predicates: Option<Vec<P>> =
                    predicates.map(|p| p.into_iter().map(Into::into).collect());
                let steps = path_steps(graph, &from, &to, max_hops, predicates.as_deref()).ok()?;
                self.optional(steps, |w, steps| {
                    w.object(&item.children, |w, field| match field.field {
                        F::Steps => w.list(&steps, |w, &step| w.path_step(&field.children, step)),
                        _ => None,
                    })
                })?;
            }
            _ => return None,
        }
        Some(())
    }

    /// A page of `all` as a connection, from the field's `after`/`before`/`first`/`last`.
    fn connection<T: Copy>(
        &mut self,
        item: &Item,
        all: &[T],
        node: fn(&mut Self, &[Item], T) -> Done,
    ) -> Done {
        let page = Page::new(
            self.inputs.argument(item, "after")?,
            self.inputs.argument(item, "before")?,
            self.inputs.argument(item, "first")?,
            self.inputs.argument(item, "last")?,
        );
        let (start, end) = page.window(all.len()).ok()?;
        let cursor = |w: &mut Self, at: usize| w.string(&encode_cursor(at));
        self.object(&item.children, |w, field| {
            match field.field {
                F::TotalCount => w.int(all.len()),
                F::Nodes => w.list(&all[start..end], |w, &x| node(w, &field.children, x))?,
                F::Edges => w.list(start..end, |w, at| {
                    w.object(&field.children, |w, edge| {
                        match edge.field {
                            F::Cursor => cursor(w, at),
                            F::EdgeNode => node(w, &edge.children, all[at])?,
                            _ => return None,
                        }
                        Some(())
                    })
                })?,
                F::PageInfo => w.object(&field.children, |w, info| {
                    match info.field {
                        F::HasPreviousPage => w.boolean(start > 0),
                        F::HasNextPage => w.boolean(end < all.len()),
                        F::StartCursor if start < end => cursor(w, start),
                        F::EndCursor if start < end => cursor(w, end - 1),
                        F::StartCursor | F::EndCursor => w.null(),
                        _ => return None,
                    }
                    Some(())
                })?,
                _ => return None,
            }
            Some(())
        })
    }

    fn entity(&mut self, items: &[Item], entity: EntityRef<'g>) -> Done {
        self.object(items, |w, item| {
            match item.field {
                F::EntityTypename => {
                    w.string(&Entity::from(entity).introspection_type_name());
                }
                F::EntityId => w.string(&entity_id(entity.slug())),
                F::EntitySlug => w.string(entity.slug()),
                F::EntityName => w.string(entity.name()),
                F::EntityIri => w.string(&w.base.entity(entity.slug())),
                F::EntityAliases => w.list(entity.aliases(), |w, alias| {
                    w.string(alias);
                    Some(())
                })?,
                F::EntityKind => w.enumeration(types::EntityKind::from(entity.kind()))?,
                F::EntityCategory => w.optional_string(entity.category())?,
                F::EntityNote => w.optional_string(entity.note())?,
                F::EntityCitations => {
                    w.list(entity.citations(), |w, c| w.citation(&item.children, c))?
                }
                F::EntityStatements => {
                    let predicate: Option<types::Predicate> =
                        w.inputs.argument(item, "predicate")?;
                    let direction =
                        w.inputs
                            .argument_or(item, "direction", types::Direction::default())?;
                    let as_of: Option<DateInput> = w.inputs.argument(item, "asOf")?;
                    let query = StatementQuery {
                        predicate: predicate.map(P::from),
                        direction: direction.into(),
                        as_of: as_of.map(|d| d.0),
                        ..StatementQuery::default()
                    };
                    let statements = entity.statements(&query);
                    w.connection(item, &statements, Self::statement)?;
                }
                _ => return None,
            }
            Some(())
        })
    }

    fn statement(&mut self, items: &[Item], statement: StatementRef<'g>) -> Done {
        self.object(items, |w, item| {
            match item.field {
                F::StatementId => w.string(&statement_id(&statement.id())),
                F::StatementSeedId => w.string(&statement.id()),
                F::StatementIri => w.string(&w.base.statement(&statement.id())),
                F::StatementSubject => w.entity(&item.children, statement.subject())?,
                F::StatementPredicate => {
                    w.enumeration(types::Predicate::from(statement.predicate()))?
                }
                F::StatementObject => w.optional(statement.object().entity(), |w, e| {
                    w.entity(&item.children, e)
                })?,
                F::StatementObjectText => w.optional_string(match statement.object() {
                    ObjectRef::Text(text) => Some(text),
                    _ => None,
                })?,
                F::StatementObjectNumber => w.optional(
                    match statement.object() {
                        ObjectRef::Number(n) => Some(n),
                        _ => None,
                    },
                    |w, n| {
                        w.float(n);
                        Some(())
                    },
                )?,
                F::StatementObjectLabel => w.string(&statement.object().label()),
                F::StatementQualifiers => w.qualifiers(&item.children, statement.qualifiers())?,
                F::StatementCitations => {
                    w.list(statement.citations(), |w, c| w.citation(&item.children, c))?
                }
                _ => return None,
            }
            Some(())
        })
    }

    fn qualifiers(&mut self, items: &[Item], qualifiers: &'g Qualifiers) -> Done {
        self.object(items, |w, item| {
            let date = |w: &mut Self, date: &Option<DateSpec>| {
                w.optional(date.as_ref(), |w, d| w.date(&item.children, d))
            };
            match item.field {
                F::Start => date(w, &qualifiers.start)?,
                F::End => date(w, &qualifiers.end)?,
                F::PointInTime => date(w, &qualifiers.at)?,
                F::Role => w.optional_string(qualifiers.role.as_deref())?,
                F::Status => w.optional(qualifiers.status, |w, s| {
                    w.enumeration(types::Status::from(s))
                })?,
                F::Format => w.optional(qualifiers.format, |w, f| {
                    w.enumeration(types::Format::from(f))
                })?,
                F::Measure => w.optional_string(qualifiers.measure.as_deref())?,
                F::Unit => w.optional_string(qualifiers.unit.as_deref())?,
                F::QualifiersNote => w.optional_string(qualifiers.note.as_deref())?,
                _ => return None,
            }
            Some(())
        })
    }

    /// A `PartialDate`: its ISO form written in place (the field most asked for), the others
    /// from `types::PartialDate`, made only if one of them is asked for.
    fn date(&mut self, items: &[Item], date: &DateSpec) -> Done {
        let mut fields: Option<PartialDate> = None;
        self.object(items, |w, item| {
            if item.field == F::Iso {
                // Digits, `-` and `/`: nothing to escape.
                write!(w.out, "\"{date}\"").expect("writing to memory does not fail");
                return Some(());
            }
            let fields = fields.get_or_insert_with(|| PartialDate::from(date));
            match item.field {
                F::Precision => w.enumeration(fields.precision)?,
                F::Year => w.int(fields.year),
                F::Month => w.optional(fields.month, |w, m| {
                    w.int(m);
                    Some(())
                })?,
                F::Day => w.optional(fields.day, |w, d| {
                    w.int(d);
                    Some(())
                })?,
                F::IsRange => w.boolean(fields.is_range),
                F::Earliest => w.string(&fields.earliest),
                F::Latest => w.string(&fields.latest),
                _ => return None,
            }
            Some(())
        })
    }

    fn citation(&mut self, items: &[Item], citation: CitationRef<'g>) -> Done {
        self.object(items, |w, item| {
            match item.field {
                F::CitationSource => w.source(&item.children, citation.source())?,
                F::Quote => w.string(citation.quote()),
                _ => return None,
            }
            Some(())
        })
    }

    fn source(&mut self, items: &[Item], source: SourceRef<'g>) -> Done {
        self.object(items, |w, item| {
            match item.field {
                F::SourceId => w.string(source.id()),
                F::SourceIri => w.string(&w.base.source(source.id())),
                F::SourceTitle => w.string(source.title()),
                F::SourceKind => w.string(source.kind()),
                F::SourceDate => w.date(&item.children, source.date())?,
                F::SourceFile => w.string(source.file()),
                F::SourceText => w.string(source.text()),
                _ => return None,
            }
            Some(())
        })
    }

    fn hit(&mut self, items: &[Item], hit: Hit<'g>) -> Done {
        self.object(items, |w, item| {
            match item.field {
                F::HitEntity => w.entity(&item.children, hit.entity)?,
                F::HitScore => w.float(hit.score),
                F::HitMatched => w.string(hit.matched),
                _ => return None,
            }
            Some(())
        })
    }

    fn path_step(
        &mut self,
        items: &[Item],
        (from, statement, to): (EntityRef<'g>, StatementRef<'g>, EntityRef<'g>),
    ) -> Done {
        self.object(items, |w, item| {
            match item.field {
                F::StepFrom => w.entity(&item.children, from)?,
                F::StepStatement => w.statement(&item.children, statement)?,
                F::StepTo => w.entity(&item.children, to)?,
                _ => return None,
            }
            Some(())
        })
    }
}
