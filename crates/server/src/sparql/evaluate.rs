//! One SPARQL query: parsed (the export's prefixes predeclared, relative IRIs against the base
//! IRI; an update is told apart from a syntax error), then evaluated on a store and written in
//! the negotiated format, refused once it passes the result limit or its time is up.
//!
//! Parsing, evaluation and the result formats are Oxigraph's (spargebra, spareval, sparesults
//! and oxrdfio): nothing here reimplements SPARQL.

use super::error::SparqlError;
use super::protocol::Format;
use bpgraph_model::iri::BaseIri;
use oxigraph::io::RdfSerializer;
use oxigraph::sparql::results::QueryResultsSerializer;
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use spargebra::{Query, SparqlParser};

/// What a query answers: solutions (SELECT) or a boolean (ASK) in a results format, or
/// triples (CONSTRUCT, DESCRIBE) in an RDF syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Results,
    Triples,
}

impl Form {
    pub fn of(query: &Query) -> Form {
        match query {
            Query::Select { .. } | Query::Ask { .. } => Form::Results,
            Query::Construct { .. } | Query::Describe { .. } => Form::Triples,
        }
    }
}

/// A parser knowing the base IRI and the prefixes of the Turtle export (`bp:`, `schema:`, …),
/// so queries may use them without declaring them.
fn parser(base: &BaseIri) -> SparqlParser {
    let mut parser = SparqlParser::new();
    // The base and the export's namespaces are valid IRIs (`BaseIri` checks it when parsed),
    // so these cannot fail; a failure would only mean fewer conveniences, never a wrong answer.
    if let Ok(with_base) = parser.clone().with_base_iri(base.as_str()) {
        parser = with_base;
    }
    for (name, namespace) in bpgraph_export::vocab::prefixes(base) {
        if let Ok(with_prefix) = parser.clone().with_prefix(name, namespace) {
            parser = with_prefix;
        }
    }
    parser
}

/// The query, or why it is refused: an update is refused as one, anything else that does not
/// parse gets the parser's message (with its line and column).
pub fn parse(text: &str, base: &BaseIri) -> Result<Query, SparqlError> {
    let parser = parser(base);
    parser.clone().parse_query(text).map_err(|error| {
        if parser.parse_update(text).is_ok() {
            SparqlError::UpdateRefused
        } else {
            SparqlError::Syntax(error.to_string())
        }
    })
}

/// Evaluates `query` on `store` and writes the answer in `format`; stops with an error at the
/// `max_results + 1`-th result or when `cancel` is cancelled (the caller's clock ran out).
pub fn run(
    store: &Store,
    query: Query,
    format: Format,
    base: &BaseIri,
    max_results: usize,
    cancel: CancellationToken,
) -> Result<Vec<u8>, SparqlError> {
    let results = SparqlEvaluator::new()
        .with_cancellation_token(cancel)
        .for_query(query)
        .on_store(store)
        .execute()
        .map_err(evaluation_error)?;
    let too_many = || SparqlError::TooManyResults { limit: max_results };
    let written = match (results, format) {
        (QueryResults::Boolean(value), Format::Results(format)) => {
            QueryResultsSerializer::from_format(format)
                .serialize_boolean_to_writer(Vec::new(), value)
        }
        (QueryResults::Solutions(solutions), Format::Results(format)) => {
            let mut writer = QueryResultsSerializer::from_format(format)
                .serialize_solutions_to_writer(Vec::new(), solutions.variables().to_vec())
                .map_err(write_error)?;
            for (count, solution) in solutions.enumerate() {
                if count == max_results {
                    return Err(too_many());
                }
                writer
                    .serialize(&solution.map_err(evaluation_error)?)
                    .map_err(write_error)?;
            }
            writer.finish()
        }
        (QueryResults::Graph(triples), Format::Triples(syntax)) => {
            let mut serializer = RdfSerializer::from_format(syntax.rdf_format());
            if syntax.has_prefixes() {
                for (name, namespace) in bpgraph_export::vocab::prefixes(base) {
                    serializer = serializer
                        .with_prefix(name, namespace)
                        .map_err(write_error)?;
                }
            }
            let mut writer = serializer.for_writer(Vec::new());
            for (count, triple) in triples.enumerate() {
                if count == max_results {
                    return Err(too_many());
                }
                writer
                    .serialize_triple(&triple.map_err(evaluation_error)?)
                    .map_err(write_error)?;
            }
            writer.finish()
        }
        // The format was negotiated for the query's form, so the two always agree.
        _ => return Err(SparqlError::Interrupted),
    };
    written.map_err(write_error)
}

fn evaluation_error(error: QueryEvaluationError) -> SparqlError {
    match error {
        // Only the endpoint's clock cancels a query.
        QueryEvaluationError::Cancelled => SparqlError::Timeout { ms: 0 },
        QueryEvaluationError::Dataset(_) | QueryEvaluationError::Unexpected(_) => {
            tracing::error!(%error, "SPARQL evaluation failed inside the store");
            SparqlError::Interrupted
        }
        // What the query asked for is not supported (a SERVICE, an unknown function): say what.
        other => SparqlError::Evaluation(other.to_string()),
    }
}

fn write_error(error: impl std::fmt::Display) -> SparqlError {
    tracing::error!(%error, "a SPARQL answer could not be written");
    SparqlError::Interrupted
}
