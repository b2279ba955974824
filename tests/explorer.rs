//! The explorer page at `/` over real HTTP: the page and every file it loads are served from
//! the binary with their media types and cache headers, nothing is loaded from another host,
//! and every GraphQL document the page sends runs on the schema without errors. (The page's
//! behaviour in a browser is checked by `scripts/browser-test/run.sh`.)

mod common;

use common::Server;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const ASSETS: &str = "/explorer/assets/";

fn assets_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/explorer"))
}

/// Files vendored from npm packages (`scripts/vendor-cytoscape.sh`, `scripts/vendor-map.sh`),
/// each with its licence and version beside it.
const VENDORED: [(&str, &str); 6] = [
    ("cytoscape.min.js", "cytoscape"),
    ("d3-array.min.js", "d3-array"),
    ("d3-geo.min.js", "d3-geo"),
    ("topojson-client.min.js", "topojson-client"),
    ("countries-110m.json", "world-atlas"),
    ("iso-3166-codes.json", "i18n-iso-countries"),
];

/// Files written for the page (not vendored), which must name no other host.
fn own_files() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(assets_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| {
            [".html", ".js", ".css"]
                .iter()
                .any(|ext| name.ends_with(ext))
                && !VENDORED.iter().any(|(file, _)| name == file)
        })
        .collect();
    names.sort();
    names
}

/// The values of `attribute="…"` in `html`.
fn attribute_values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!("{attribute}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// The modules `source` imports (`from './x.js'`), as file names.
fn imports(source: &str) -> Vec<String> {
    source
        .match_indices("from './")
        .filter_map(|(at, found)| {
            let rest = &source[at + found.len()..];
            rest.find('\'').map(|end| rest[..end].to_owned())
        })
        .collect()
}

#[tokio::test]
async fn the_root_serves_the_explorer_page() {
    let server = Server::start().await;
    let response = server.get("/").await;
    assert_eq!(response.status(), 200, "no redirect: the page itself");
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(headers["cache-control"], "no-cache");
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("default-src 'self'") && csp.contains("connect-src 'self'"),
        "the browser is told to load and call nothing but this server: {csp}"
    );
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"<script type="module" src="/explorer/assets/main.js">"#));
    assert!(html.contains(r#"href="/graphiql""#), "links to GraphiQL");
    assert!(
        html.contains(r#"<label for="search-input">"#),
        "the search box has a label"
    );

    // Deep links are the same page; the browser reads the query string.
    let deep = server.get("/?entity=turkiye&view=timeline").await;
    assert_eq!(deep.status(), 200);
    assert_eq!(deep.text().await.unwrap(), html);
}

#[tokio::test]
async fn every_file_the_page_loads_is_served_with_its_type() {
    let server = Server::start().await;
    let html = server.get("/").await.text().await.unwrap();
    let mut wanted: BTreeSet<String> = ["src", "href"]
        .iter()
        .flat_map(|attribute| attribute_values(&html, attribute))
        .filter_map(|url| url.strip_prefix(ASSETS))
        .map(str::to_owned)
        .collect();
    for expected in [
        "main.js",
        "explorer.css",
        "cytoscape.min.js",
        "d3-array.min.js",
        "d3-geo.min.js",
        "topojson-client.min.js",
        "favicon.svg",
    ] {
        assert!(
            wanted.contains(expected),
            "the page does not load {expected}"
        );
    }
    // Follow the module graph from main.js: every import must be served too.
    let mut seen = BTreeMap::new();
    while let Some(file) = wanted.pop_first() {
        if seen.contains_key(&file) {
            continue;
        }
        let response = server.get(&format!("{ASSETS}{file}")).await;
        assert_eq!(response.status(), 200, "{file}");
        let headers = response.headers().clone();
        let expected_type = match file.rsplit_once('.').unwrap().1 {
            "js" => "text/javascript; charset=utf-8",
            "css" => "text/css; charset=utf-8",
            "svg" => "image/svg+xml",
            other => panic!("unexpected asset type {other}"),
        };
        assert_eq!(headers["content-type"], expected_type, "{file}");
        assert_eq!(headers["cache-control"], "public, max-age=86400", "{file}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{file}");
        let body = response.text().await.unwrap();
        if file.ends_with(".js") {
            wanted.extend(imports(&body));
        }
        seen.insert(file, body);
    }
    for module in [
        "api.js",
        "queries.js",
        "graph.js",
        "timeline.js",
        "calendar.js",
        "map.js",
        "map-layers.js",
        "matrix.js",
        "dashboard-data.js",
        "hub.js",
        "graph-style.js",
    ] {
        assert!(seen.contains_key(module), "{module} is not imported");
    }
    assert!(
        seen["cytoscape.min.js"].len() > 100_000,
        "the vendored build"
    );
    assert_eq!(server.get("/explorer/assets/nope.js").await.status(), 404);

    // The vendored builds' licences and versions are served next to them.
    let licence = server.get("/explorer/assets/LICENSE.cytoscape").await;
    assert_eq!(
        licence.headers()["content-type"],
        "text/plain; charset=utf-8"
    );
    assert!(licence
        .text()
        .await
        .unwrap()
        .contains("Cytoscape Consortium"));
    for (file, package) in VENDORED {
        assert_eq!(
            server.get(&format!("{ASSETS}{file}")).await.status(),
            200,
            "{file}"
        );
        for beside in [format!("LICENSE.{package}"), format!("{package}.version")] {
            let response = server.get(&format!("{ASSETS}{beside}")).await;
            assert_eq!(response.status(), 200, "{beside}");
            assert!(
                !response.text().await.unwrap().trim().is_empty(),
                "{beside}"
            );
        }
    }
}

async fn json_asset(server: &Server, file: &str) -> Value {
    let response = server.get(&format!("{ASSETS}{file}")).await;
    assert_eq!(response.status(), 200, "{file}");
    assert_eq!(response.headers()["content-type"], "application/json");
    response.json().await.unwrap()
}

/// The map's data files (fetched by `map.js`, not linked from the page) are JSON, and every
/// state of the data finds its ISO 3166-1 numeric code in the vendored table, whose codes
/// agree with the seed's alpha-2 codes: the map's matching depends on both.
#[tokio::test]
async fn the_map_files_match_the_states_by_iso_code() {
    let server = Server::start().await;
    let topology = json_asset(&server, "countries-110m.json").await;
    let ids: BTreeSet<&str> = topology["objects"]["countries"]["geometries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|geometry| geometry["id"].as_str())
        .collect();
    assert!(ids.len() > 150, "a world of countries: {}", ids.len());
    let codes = json_asset(&server, "iso-3166-codes.json").await;
    let numeric: BTreeMap<&str, (&str, &str)> = codes
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let text = |i: usize| row[i].as_str().unwrap();
            (text(1), (text(0), text(2)))
        })
        .collect();
    let (_, body) = server
        .post(&json!({ "query": "{ states(first: 100) { nodes { slug iso2 iso3 } } }" }))
        .await;
    let states = body["data"]["states"]["nodes"].as_array().unwrap();
    assert!(states.len() > 20, "{body}");
    let mut placed = 0;
    for state in states {
        let iso3 = state["iso3"].as_str().unwrap();
        let (iso2, code) = numeric
            .get(iso3)
            .unwrap_or_else(|| panic!("{iso3} is not in the vendored table"));
        assert_eq!(Some(*iso2), state["iso2"].as_str(), "{iso3}");
        placed += usize::from(ids.contains(code));
    }
    assert!(
        placed * 10 >= states.len() * 9,
        "the map places most states ({placed} of {})",
        states.len()
    );
}

#[test]
fn the_page_names_no_other_host() {
    let files = own_files();
    assert!(files.len() >= 8, "{files:?}");
    for name in files {
        // SVG's namespace is a name, never fetched: the map creates its elements in it.
        let text = std::fs::read_to_string(assets_dir().join(&name))
            .unwrap()
            .replace("'http://www.w3.org/2000/svg'", "");
        for remote in ["http://", "https://", "\"//", "'//", "(//"] {
            assert!(
                !text.contains(remote),
                "{name} names another host ({remote})"
            );
        }
    }
}

/// The GraphQL documents of `queries.js`, by constant name, with `${FRAGMENT}` filled in.
fn page_queries() -> BTreeMap<String, String> {
    let source = std::fs::read_to_string(assets_dir().join("queries.js")).unwrap();
    let mut constants = BTreeMap::new();
    for chunk in source.split("const ").skip(1) {
        let Some((name, rest)) = chunk.split_once(" = `") else {
            continue;
        };
        let body = rest.split('`').next().unwrap();
        constants.insert(name.to_owned(), body.to_owned());
    }
    let fragments = constants.clone();
    constants
        .into_iter()
        .filter(|(_, body)| body.trim_start().starts_with("query"))
        .map(|(name, mut body)| {
            for (fragment, text) in &fragments {
                body = body.replace(&format!("${{{fragment}}}"), text);
            }
            (name, body)
        })
        .collect()
}

#[tokio::test]
async fn every_query_of_the_page_runs_on_the_schema() {
    let server = Server::start().await;
    let queries = page_queries();
    assert!(queries.len() >= 6, "{:?}", queries.keys());
    for (name, query) in queries {
        assert!(!query.contains("${"), "{name}: unfilled {query}");
        let variables = json!({
            "text": "turkiye",
            "ref": "turkiye",
            "after": Value::Null,
            "predicate": "ATTENDED",
        });
        let (status, body) = server
            .post(&json!({ "query": query, "variables": variables }))
            .await;
        assert_eq!(status, 200, "{name}: {body}");
        assert!(body.get("errors").is_none(), "{name}: {body}");
        assert!(body["data"].is_object(), "{name}: {body}");
    }
}
