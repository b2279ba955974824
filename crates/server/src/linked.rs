//! Linked data over HTTP, thin over [`bpgraph_export`]: `GET /entity/{slug}` answers an entity's
//! IRI by content negotiation (Turtle, JSON-LD, or for browsers a `303` to the explorer's deep
//! link `/?entity={slug}`), and `GET /export/*` downloads the whole graph. Both depend on the
//! graph and the base IRI alone, so they carry an `ETag` from the data version and answer a
//! matching `If-None-Match` with `304`.

use super::cache::{data_etag, none_match_hits};
use super::negotiate::preferred;
use super::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use bpgraph_export::{self as export, ExportError, Format, RdfSyntax};

/// What `/entity/{slug}` can answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Rdf(RdfSyntax),
    /// A person: the explorer page shows the entity.
    Page,
}

/// The media types `/entity/{slug}` offers, first the one taken when the client has no
/// preference (`*/*` or no `Accept`): linked-data clients are the ones that leave it open.
const ENTITY_OFFERS: &[(&str, Answer)] = &[
    ("text/turtle", Answer::Rdf(RdfSyntax::Turtle)),
    ("application/ld+json", Answer::Rdf(RdfSyntax::JsonLd)),
    ("text/html", Answer::Page),
    ("application/xhtml+xml", Answer::Page),
    ("application/json", Answer::Rdf(RdfSyntax::JsonLd)),
];

/// Why a linked-data request gets no document.
#[derive(Debug, thiserror::Error)]
pub enum LinkedDataError {
    #[error("no entity has the slug `{slug}`{hint}")]
    UnknownEntity { slug: String, hint: String },
    #[error("there is no export `{file}`; the exports are /export/graph.jsonld, /export/graph.ttl, /export/graph.graphml and /export/statements.csv")]
    UnknownExport { file: String },
    #[error("cannot answer in any type of the Accept header; /entity/{{slug}} answers text/turtle, application/ld+json or text/html")]
    NotAcceptable,
    #[error("the document could not be written")]
    Export(#[from] ExportError),
    #[error("the document could not be written")]
    Interrupted,
}

impl IntoResponse for LinkedDataError {
    fn into_response(self) -> Response {
        let status = match &self {
            LinkedDataError::UnknownEntity { .. } | LinkedDataError::UnknownExport { .. } => {
                StatusCode::NOT_FOUND
            }
            LinkedDataError::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            LinkedDataError::Export(error) => {
                // The client learns only that it failed; the log says why.
                let _request = crate::edge::request_span().entered();
                tracing::error!(%error, "linked-data export failed");
                StatusCode::INTERNAL_SERVER_ERROR
            }
            LinkedDataError::Interrupted => {
                let _request = crate::edge::request_span().entered();
                tracing::error!("a linked-data export task panicked or was cancelled");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        vary_by_accept((status, format!("{self}\n")).into_response())
    }
}

/// `GET /entity/{slug}`.
pub async fn entity(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, LinkedDataError> {
    let served = state.served();
    let graph = &served.graph;
    let Some(entity) = graph.entity_by_slug(&slug) else {
        // Slugs only, but point at the slug of a name or alias that was meant.
        let hint = match graph.lookup(&slug) {
            Some(found) => format!("; did you mean /entity/{}?", found.slug()),
            None => "; slugs are lowercase ids such as `turkiye` (find one with the GraphQL `search` or `entity(ref:)` fields)".to_owned(),
        };
        return Err(LinkedDataError::UnknownEntity { slug, hint });
    };
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let syntax = match preferred(accept, ENTITY_OFFERS) {
        None => return Err(LinkedDataError::NotAcceptable),
        Some(Answer::Page) => {
            let explorer = Redirect::to(&format!("/?entity={}", entity.slug()));
            return Ok(vary_by_accept(explorer.into_response()));
        }
        Some(Answer::Rdf(syntax)) => syntax,
    };
    let base = &state.config.base_iri;
    let etag = data_etag(
        graph.version(),
        &[
            b"entity",
            base.as_str().as_bytes(),
            entity.slug().as_bytes(),
            syntax.media_type().as_bytes(),
        ],
    );
    if let Some(not_modified) = not_modified(&headers, &etag) {
        return Ok(not_modified);
    }
    let body = export::entity_document(entity, base, syntax)?;
    Ok(vary_by_accept(document(
        syntax.media_type(),
        etag,
        None,
        body,
    )))
}

/// `GET /export/graph.jsonld`, `graph.ttl`, `graph.graphml` and `statements.csv`.
pub async fn export(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, LinkedDataError> {
    let Some(format) = Format::ALL.into_iter().find(|f| f.file_name() == file) else {
        return Err(LinkedDataError::UnknownExport { file });
    };
    let served = state.served();
    let base = &state.config.base_iri;
    let etag = data_etag(
        served.graph.version(),
        &[
            b"export",
            base.as_str().as_bytes(),
            format.file_name().as_bytes(),
        ],
    );
    if let Some(not_modified) = not_modified(&headers, &etag) {
        return Ok(not_modified);
    }
    // Writing the whole graph takes a while: off the async workers, so other requests go on.
    let base = base.clone();
    let body = tokio::task::spawn_blocking(move || export::export(&served.graph, &base, format))
        .await
        .map_err(|_| LinkedDataError::Interrupted)??;
    Ok(document(
        format.media_type(),
        etag,
        Some(format.file_name()),
        body,
    ))
}

/// `304 Not Modified` when the client's `If-None-Match` names `etag`.
fn not_modified(headers: &HeaderMap, etag: &HeaderValue) -> Option<Response> {
    let tags = headers.get(header::IF_NONE_MATCH)?.to_str().ok()?;
    none_match_hits(tags, etag).then(|| {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        response.headers_mut().insert(header::ETAG, etag.clone());
        vary_by_accept(response)
    })
}

/// Tells caches that the answer at this URL depends on `Accept`.
fn vary_by_accept(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("accept"));
    response
}

fn document(
    media_type: &'static str,
    etag: HeaderValue,
    file_name: Option<&str>,
    body: Vec<u8>,
) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    headers.insert(header::ETAG, etag);
    // Revalidate each time: a reload may change the data behind the same URL.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Some(name) = file_name {
        let disposition = format!("attachment; filename=\"{name}\"");
        headers.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_str(&disposition).expect("export file names are plain ASCII"),
        );
    }
    response
}
