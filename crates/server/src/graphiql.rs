//! GraphiQL, served from assets vendored in `assets/graphiql/` and embedded in the binary, so it
//! works with no network. It opens with the saved example queries of `assets/examples/` as tabs,
//! and runs subscriptions over a WebSocket on `/graphql` with the graphql-ws client the bundle
//! carries (graphiql 2.3's UMD build includes it).

use super::assets;
use axum::extract::Path;
use axum::response::Response;
use include_dir::{include_dir, Dir};

static GRAPHIQL: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../assets/graphiql");
static EXAMPLES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../assets/examples");

/// A saved example query: its file name (without `.graphql`) and text.
pub struct Example {
    pub name: String,
    pub query: &'static str,
}

/// The saved examples, in file-name order (the first opens first).
pub fn examples() -> Vec<Example> {
    let mut examples: Vec<Example> = EXAMPLES
        .files()
        .filter_map(|f| {
            let name = f.path().file_name()?.to_str()?.strip_suffix(".graphql")?;
            Some(Example {
                name: name.to_owned(),
                query: f.contents_utf8()?,
            })
        })
        .collect();
    examples.sort_by(|a, b| a.name.cmp(&b.name));
    examples
}

/// The GraphiQL page.
pub async fn page() -> Response {
    let tabs: Vec<serde_json::Value> = examples()
        .iter()
        .map(|e| serde_json::json!({ "query": e.query }))
        .collect();
    // `<\/` keeps a `</script>` inside a query from closing the script element.
    let tabs = serde_json::to_string(&tabs)
        .unwrap_or_else(|_| "[]".to_owned())
        .replace("</", "<\\/");
    assets::page(PAGE.replace("/*EXAMPLES*/[]", &tabs))
}

/// One vendored asset.
pub async fn asset(Path(file): Path<String>) -> Response {
    assets::serve(&GRAPHIQL, &file)
}

const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>bpgraph · GraphiQL</title>
  <link rel="stylesheet" href="/graphiql/assets/graphiql.min.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/graphiql/assets/react.production.min.js"></script>
  <script src="/graphiql/assets/react-dom.production.min.js"></script>
  <script src="/graphiql/assets/graphiql.min.js"></script>
  <script>
    const tabs = /*EXAMPLES*/[];
    // Subscriptions run over a WebSocket on the same path (the bundle's graphql-ws client).
    const subscriptionUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql';
    const fetcher = GraphiQL.createFetcher({ url: '/graphql', subscriptionUrl });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, {
        fetcher,
        defaultQuery: tabs.length ? tabs[0].query : undefined,
        defaultTabs: tabs,
        defaultEditorToolsVisibility: true,
      })
    );
  </script>
</body>
</html>
"#;
