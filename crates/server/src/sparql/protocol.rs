//! The SPARQL 1.1 Protocol's side of `/sparql`: where a request carries its query (`GET
//! ?query=`, a `POST` of `application/sparql-query`, or a form `POST` with `query=`), what
//! it is refused for (an update, dataset parameters, another body type), and the media types
//! each query form is answered in, chosen by `Accept`.
//!
//! Form bodies are read here although `/graphql` refuses them (a browser sends them
//! cross-site without a preflight): `/sparql` is read-only, updates are refused, so a forged
//! request can change nothing.

use super::error::SparqlError;
use super::evaluate::Form;
use crate::negotiate::preferred;
use crate::request::{header_text, read_body};
use axum::body::Body;
use axum::http::request::Parts;
use axum::http::{header, Method};
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::sparql::results::QueryResultsFormat;

/// An RDF syntax CONSTRUCT and DESCRIBE answer in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Turtle,
    JsonLd,
    NTriples,
}

impl Syntax {
    pub fn rdf_format(self) -> RdfFormat {
        match self {
            Syntax::Turtle => RdfFormat::Turtle,
            Syntax::JsonLd => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
            Syntax::NTriples => RdfFormat::NTriples,
        }
    }

    /// Whether the syntax abbreviates IRIs with the export's prefixes.
    pub fn has_prefixes(self) -> bool {
        matches!(self, Syntax::Turtle | Syntax::JsonLd)
    }
}

/// The format of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Results(QueryResultsFormat),
    Triples(Syntax),
}

impl Format {
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Results(format) => format.media_type(),
            Format::Triples(Syntax::Turtle) => "text/turtle; charset=utf-8",
            Format::Triples(syntax) => syntax.rdf_format().media_type(),
        }
    }
}

/// SELECT and ASK: SPARQL JSON results unless `Accept` asks for another.
const RESULTS_OFFERS: &[(&str, Format)] = &[
    (
        "application/sparql-results+json",
        Format::Results(QueryResultsFormat::Json),
    ),
    (
        "application/sparql-results+xml",
        Format::Results(QueryResultsFormat::Xml),
    ),
    ("text/csv", Format::Results(QueryResultsFormat::Csv)),
    (
        "text/tab-separated-values",
        Format::Results(QueryResultsFormat::Tsv),
    ),
    (
        "application/json",
        Format::Results(QueryResultsFormat::Json),
    ),
    ("application/xml", Format::Results(QueryResultsFormat::Xml)),
];

/// CONSTRUCT and DESCRIBE: Turtle unless `Accept` asks for another.
const TRIPLES_OFFERS: &[(&str, Format)] = &[
    ("text/turtle", Format::Triples(Syntax::Turtle)),
    ("application/ld+json", Format::Triples(Syntax::JsonLd)),
    ("application/n-triples", Format::Triples(Syntax::NTriples)),
    ("application/json", Format::Triples(Syntax::JsonLd)),
];

/// The answer's format for a query of `form`, or `406` naming what it could be.
pub fn negotiate(accept: Option<&str>, form: Form) -> Result<Format, SparqlError> {
    let (offers, form_name, names) = match form {
        Form::Results => (
            RESULTS_OFFERS,
            "SELECT or ASK",
            "application/sparql-results+json, application/sparql-results+xml, text/csv or text/tab-separated-values",
        ),
        Form::Triples => (
            TRIPLES_OFFERS,
            "CONSTRUCT or DESCRIBE",
            "text/turtle, application/ld+json or application/n-triples",
        ),
    };
    preferred(accept, offers).ok_or(SparqlError::NotAcceptable {
        form: form_name,
        offers: names,
    })
}

/// Whether a client prefers the query page (HTML) to any answer `/sparql` gives: browsers do.
pub fn wants_page(accept: Option<&str>) -> bool {
    let data = RESULTS_OFFERS.iter().chain(TRIPLES_OFFERS);
    let offers: Vec<(&str, bool)> = data
        .map(|(media_type, _)| (*media_type, false))
        .chain([("text/html", true), ("application/xhtml+xml", true)])
        .collect();
    preferred(accept, &offers) == Some(true)
}

/// The query a request carries; `None` for a `GET` without one (the page, for a browser).
pub async fn read_query(
    parts: &Parts,
    body: Body,
    config: &crate::Config,
) -> Result<Option<String>, SparqlError> {
    let url_params = parameters(parts.uri.query().unwrap_or(""))?;
    if parts.method == Method::GET {
        return query_of(url_params);
    }
    let content_type = header_text(&parts.headers, header::CONTENT_TYPE).unwrap_or("");
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let is_form = match essence.as_str() {
        "application/sparql-query" => false,
        "application/x-www-form-urlencoded" => true,
        "application/sparql-update" => return Err(SparqlError::UpdateRefused),
        _ => return Err(SparqlError::UnsupportedMediaType),
    };
    let body = read_body(&parts.headers, body, config)
        .await
        .map_err(SparqlError::Body)?;
    let text = std::str::from_utf8(&body)
        .map_err(|_| SparqlError::BadRequest("the body is not UTF-8".to_owned()))?;
    if is_form {
        let mut params = url_params;
        params.extend(parameters(text)?);
        return query_of(params);
    }
    // The query is the body; the URL may carry only the dataset parameters (refused).
    query_of(url_params)?;
    Ok(Some(text.to_owned()))
}

fn parameters(encoded: &str) -> Result<Vec<(String, String)>, SparqlError> {
    serde_urlencoded::from_str(encoded)
        .map_err(|e| SparqlError::BadRequest(format!("the parameters are not URL-encoded: {e}")))
}

/// The one `query` parameter, after refusing updates and dataset parameters.
fn query_of(params: Vec<(String, String)>) -> Result<Option<String>, SparqlError> {
    let mut queries = Vec::new();
    for (name, value) in params {
        match name.as_str() {
            "query" => queries.push(value),
            "update" | "using-graph-uri" | "using-named-graph-uri" => {
                return Err(SparqlError::UpdateRefused)
            }
            "default-graph-uri" | "named-graph-uri" => return Err(SparqlError::DatasetParameter),
            // Other parameters (a cache buster, an API key for another proxy) do not concern us.
            _ => {}
        }
    }
    match queries.len() {
        0 => Ok(None),
        1 => Ok(queries.pop()),
        n => Err(SparqlError::SeveralQueries(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_form_answers_its_own_types() {
        let json = Format::Results(QueryResultsFormat::Json);
        let turtle = Format::Triples(Syntax::Turtle);
        let cases = [
            (None, Form::Results, Some(json)),
            (Some("*/*"), Form::Triples, Some(turtle)),
            (
                Some("text/csv"),
                Form::Results,
                Some(Format::Results(QueryResultsFormat::Csv)),
            ),
            (
                Some("application/ld+json"),
                Form::Triples,
                Some(Format::Triples(Syntax::JsonLd)),
            ),
            (Some("text/turtle"), Form::Results, None),
            (Some("text/csv"), Form::Triples, None),
        ];
        for (accept, form, expected) in cases {
            assert_eq!(
                negotiate(accept, form).ok(),
                expected,
                "{accept:?} {form:?}"
            );
        }
    }

    #[test]
    fn browsers_get_the_page_and_clients_the_data() {
        let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        assert!(wants_page(Some(browser)));
        for client in [None, Some("*/*"), Some("application/sparql-results+json")] {
            assert!(!wants_page(client), "{client:?}");
        }
    }

    #[test]
    fn one_query_and_no_update_or_dataset() {
        let one = |s: &str| query_of(parameters(s).unwrap());
        assert_eq!(one("query=ASK%7B%7D").unwrap().as_deref(), Some("ASK{}"));
        assert_eq!(one("x=1").unwrap(), None);
        assert!(matches!(
            one("query=a&query=b"),
            Err(SparqlError::SeveralQueries(2))
        ));
        assert!(matches!(
            one("update=CLEAR+ALL"),
            Err(SparqlError::UpdateRefused)
        ));
        assert!(matches!(
            one("query=ASK%7B%7D&default-graph-uri=http%3A%2F%2Fx"),
            Err(SparqlError::DatasetParameter)
        ));
    }
}
