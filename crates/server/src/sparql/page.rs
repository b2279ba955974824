//! The query page a browser gets at `GET /sparql`: a textarea, a run button, example queries
//! and the results as a table. Static HTML, CSS and an ES module from `assets/sparql/`,
//! embedded in the binary; it asks `/sparql` itself from the browser, so it shows exactly
//! what any SPARQL client gets.

use crate::assets;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use include_dir::{include_dir, Dir};

static SPARQL_PAGE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../assets/sparql");

/// What the page may load and call: only this server, and no inline script or style, so it
/// works offline and nothing a query returns can run or load anything.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/// The page; a `?query=` in its URL is read (and run) in the browser.
pub fn page() -> Response {
    let mut response = (
        [(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY)],
        assets::page(include_str!("../../../../assets/sparql/index.html")),
    )
        .into_response();
    // The same URL answers results to other clients.
    response
        .headers_mut()
        .insert(header::VARY, header::HeaderValue::from_static("accept"));
    response
}

/// The page's style, module and example queries.
pub async fn asset(Path(file): Path<String>) -> Response {
    assets::serve(&SPARQL_PAGE, &file)
}
