//! The explorer, the page at `/`: search, an entity's statements with their quotes, its
//! neighbourhood as a graph, the chairs' timeline and the 2026 calendar. It is static HTML, CSS
//! and ES modules from `assets/explorer/` (with a vendored cytoscape build), embedded in the
//! binary; everything it shows it asks of the public `/graphql` endpoint from the browser.

use super::assets;
use axum::extract::Path;
use axum::response::Response;
use include_dir::{include_dir, Dir};

static EXPLORER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets/explorer");

/// The page. Which entity and view it shows comes from its own query string (`?entity=slug`),
/// read in the browser, so one static page serves every deep link.
pub async fn page() -> Response {
    assets::page(include_str!("../../assets/explorer/index.html"))
}

/// One of the page's styles, modules or vendored files.
pub async fn asset(Path(file): Path<String>) -> Response {
    assets::serve(&EXPLORER, &file)
}
