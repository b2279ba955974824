//! The tantivy index of one graph: its fields, the folding analyser, and the documents built
//! from entities, statements and source passages.
//!
//! Each document stores only the position of its [`Origin`] in a side table; the texts stay in
//! the graph, which the index keeps, so a hit's snippet is cut from the graph's own strings.

use crate::passages::{passages, Passage};
use crate::SearchError;
use bpgraph_graph::{EntityId, KnowledgeGraph, StatementId};
use std::sync::Arc;
use tantivy::indexer::NoMergePolicy;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument};

/// The analyser of every searchable text: words, lower-cased, diacritics folded to ASCII,
/// so "turkiye" finds "Türkiye".
const FOLDED: &str = "folded";
/// Words longer than this are not indexed (no real word is; they would only bloat the index).
const LONGEST_WORD: usize = 40;
/// Memory tantivy may fill before it writes a segment.
const WRITER_MEMORY: usize = 50_000_000;

/// What a document was made from.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Origin {
    /// An entity's names, aliases and note.
    Entity(EntityId),
    /// The quote of a statement's citation (its position among the statement's citations).
    Quote(StatementId, usize),
    /// A statement's note.
    Note(StatementId),
    /// A paragraph of a source text.
    Passage(Passage),
}

/// The index's fields.
#[derive(Clone, Copy)]
pub(crate) struct Fields {
    /// An entity's name and aliases (one value each).
    pub name: Field,
    /// A note, quote or passage.
    pub body: Field,
    /// The hit kind (`HitKind::as_str`).
    pub kind: Field,
    /// The kinds of the entities a document is about (for statements, both ends').
    pub entity_kind: Field,
    /// A statement's predicate.
    pub predicate: Field,
    /// The ids of the sources a document comes from or cites.
    pub source: Field,
    /// The position of the document's [`Origin`].
    pub origin: Field,
}

/// The field name of [`Fields::origin`], for its fast-field column.
pub(crate) const ORIGIN: &str = "origin";

/// A searchable, in-memory index of one graph.
pub struct TextIndex {
    pub(crate) graph: Arc<KnowledgeGraph>,
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    pub(crate) origins: Vec<Origin>,
    pub(crate) passages: usize,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(FOLDED)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        name: builder.add_text_field("name", text.clone()),
        body: builder.add_text_field("body", text),
        kind: builder.add_text_field("kind", STRING),
        entity_kind: builder.add_text_field("entity_kind", STRING),
        predicate: builder.add_text_field("predicate", STRING),
        source: builder.add_text_field("source", STRING),
        origin: builder.add_u64_field(ORIGIN, FAST),
    };
    (builder.build(), fields)
}

fn folded() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

impl TextIndex {
    /// Indexes every entity, statement and source passage of `graph`. Documents are added in
    /// graph order by one thread and segments are never merged, so equal scores always come
    /// out in the same order and pages are stable.
    pub fn build(graph: Arc<KnowledgeGraph>) -> Result<TextIndex, SearchError> {
        let (schema, fields) = schema();
        let index = Index::create_in_ram(schema);
        index.tokenizers().register(FOLDED, folded());
        let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, WRITER_MEMORY)?;
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let mut origins = Vec::new();
        let mut add = |origin: Origin, fill: &dyn Fn(&mut TantivyDocument)| {
            let mut doc = TantivyDocument::default();
            doc.add_u64(fields.origin, origins.len() as u64);
            fill(&mut doc);
            origins.push(origin);
            writer.add_document(doc).map(drop)
        };
        for entity in graph.entities() {
            add(Origin::Entity(entity.id()), &|doc| {
                doc.add_text(fields.kind, crate::HitKind::Entity.as_str());
                doc.add_text(fields.entity_kind, entity.kind().to_string());
                doc.add_text(fields.name, entity.name());
                for alias in entity.aliases() {
                    doc.add_text(fields.name, alias);
                }
                if let Some(note) = entity.note() {
                    doc.add_text(fields.body, note);
                }
                for citation in entity.citations() {
                    doc.add_text(fields.source, citation.source().id());
                }
            })?;
        }
        for statement in graph.statements() {
            let about = |doc: &mut TantivyDocument| {
                doc.add_text(fields.kind, crate::HitKind::Statement.as_str());
                doc.add_text(fields.predicate, statement.predicate().name());
                doc.add_text(fields.entity_kind, statement.subject().kind().to_string());
                if let Some(object) = statement.object().entity() {
                    doc.add_text(fields.entity_kind, object.kind().to_string());
                }
            };
            for (position, citation) in statement.citations().enumerate() {
                add(Origin::Quote(statement.key(), position), &|doc| {
                    about(doc);
                    doc.add_text(fields.body, citation.quote());
                    doc.add_text(fields.source, citation.source().id());
                })?;
            }
            if let Some(note) = &statement.qualifiers().note {
                add(Origin::Note(statement.key()), &|doc| {
                    about(doc);
                    doc.add_text(fields.body, note);
                    for citation in statement.citations() {
                        doc.add_text(fields.source, citation.source().id());
                    }
                })?;
            }
        }
        let mut passage_count = 0;
        for (position, source) in graph.sources().enumerate() {
            for passage in passages(position, source.text()) {
                passage_count += 1;
                add(Origin::Passage(passage), &|doc| {
                    doc.add_text(fields.kind, crate::HitKind::Passage.as_str());
                    doc.add_text(fields.body, passage.text(source.text()));
                    doc.add_text(fields.source, source.id());
                })?;
            }
        }
        writer.commit()?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(TextIndex {
            graph,
            index,
            reader,
            fields,
            origins,
            passages: passage_count,
        })
    }

    /// The graph the index was built from.
    pub fn graph(&self) -> &Arc<KnowledgeGraph> {
        &self.graph
    }

    /// How many documents the index holds (entities, quotes, notes and passages).
    pub fn document_count(&self) -> usize {
        self.origins.len()
    }

    /// How many source passages the index holds.
    pub fn passage_count(&self) -> usize {
        self.passages
    }
}
