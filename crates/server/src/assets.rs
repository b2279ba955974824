//! Static files embedded in the binary (the vendored GraphiQL, cytoscape and map builds and
//! data, the explorer's own page, styles and modules), served with their media type and cache
//! lifetime.
//! Nothing here reads the disk at run time, so every page works with no network.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use include_dir::Dir;

/// How long browsers may keep an asset without asking again. Asset URLs carry no version, so
/// this stays short enough that a new release reaches everyone within a day.
const ASSET_CACHE: &str = "public, max-age=86400";

/// Pages are revalidated on every visit, so a new release's page never links stale assets
/// for long.
const PAGE_CACHE: &str = "no-cache";

/// One file of `dir`, or `404` if there is none by that name.
pub fn serve(dir: &'static Dir<'static>, file: &str) -> Response {
    match dir.get_file(file) {
        Some(found) => respond(media_type(file), ASSET_CACHE, found.contents()),
        None => (StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}

/// An HTML page.
pub fn page(html: impl Into<axum::body::Body>) -> Response {
    respond("text/html; charset=utf-8", PAGE_CACHE, html)
}

fn respond(
    content_type: &'static str,
    cache: &'static str,
    body: impl Into<axum::body::Body>,
) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            // Browsers take the type above as given (module scripts and styles need it exact).
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        body.into(),
    )
        .into_response()
}

/// The media type for a file name, by its extension; licences and notes are plain text.
fn media_type(file: &str) -> &'static str {
    match file.rsplit_once('.').map(|(_, ext)| ext) {
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("html") => "text/html; charset=utf-8",
        Some("json") => "application/json",
        _ => "text/plain; charset=utf-8",
    }
}

#[cfg(test)]
mod tests {
    use super::media_type;

    #[test]
    fn media_types_follow_the_extension() {
        assert_eq!(media_type("a.min.js"), "text/javascript; charset=utf-8");
        assert_eq!(media_type("a.css"), "text/css; charset=utf-8");
        assert_eq!(media_type("examples.json"), "application/json");
        assert_eq!(media_type("LICENSE.react"), "text/plain; charset=utf-8");
        assert_eq!(media_type("LICENSE"), "text/plain; charset=utf-8");
    }
}
