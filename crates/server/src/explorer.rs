//! The explorer, the page at `/`: search, an entity's statements with their quotes, its
//! neighbourhood as a graph, the chairs' timeline, the 2026 calendar, a map of the states and
//! an attendance matrix. It is static HTML, CSS and ES modules from `assets/explorer/` (with
//! vendored cytoscape, d3-geo, topojson-client and world-atlas files), embedded in the
//! binary; everything it shows it asks of the public `/graphql` endpoint from the browser.

use super::assets;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use include_dir::{include_dir, Dir};

static EXPLORER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../assets/explorer");

/// What the page may load and call: only this server. The browser then refuses any other
/// host, so the page keeps working offline and nothing it shows can pull in remote content.
/// Styles may be inline: cytoscape adds a small style element for its container.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/// The page. Which entity and view it shows comes from its own query string (`?entity=slug`),
/// read in the browser, so one static page serves every deep link.
pub async fn page() -> Response {
    (
        [(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY)],
        assets::page(include_str!("../../../assets/explorer/index.html")),
    )
        .into_response()
}

/// One of the page's styles, modules or vendored files.
pub async fn asset(Path(file): Path<String>) -> Response {
    assets::serve(&EXPLORER, &file)
}
