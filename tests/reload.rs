//! Hot reload of a data directory: a valid change is swapped in (and only then does
//! `dataVersion` change), broken data is refused with the record and rule that broke it while
//! the old graph keeps serving, and a request holds one snapshot throughout.

mod common;

use bpgraph::reload::{Intent, Reloaded, Reloader};
use bpgraph_seed::SeedFiles;
use bpgraph_server::{AppState, Config};
use common::Server;
use serde_json::{json, Value};
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const STATES: &str = "entities/states.toml";

/// A server over a writable copy of the embedded seed, and its reloader.
struct Fixture {
    dir: tempfile::TempDir,
    state: AppState,
    reloader: Reloader,
    server: Server,
}

impl Fixture {
    async fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        for file in SeedFiles::embedded().iter() {
            let path = dir.path().join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, &file.contents).unwrap();
        }
        let graph = bpgraph::load(&SeedFiles::read_dir(dir.path()).unwrap()).unwrap();
        let state = AppState::new(Arc::new(graph), Config::default());
        Fixture {
            reloader: Reloader::new(dir.path().to_owned(), state.clone()),
            server: Server::with_state(state.clone()).await,
            state,
            dir,
        }
    }

    /// Rewrites one seed file, replacing `from` (which must occur) by `to`.
    fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.dir.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} lacks {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    /// The name the server gives Afghanistan, and the data version it reports.
    async fn afghanistan(&self) -> (String, String) {
        let query = json!({ "query": "{ dataVersion entity(ref: \"afghanistan\") { name } }" });
        let (status, body) = self.server.post(&query).await;
        assert_eq!(status, 200, "{body}");
        let text = |v: &Value| v.as_str().unwrap().to_owned();
        (
            text(&body["data"]["entity"]["name"]),
            text(&body["data"]["dataVersion"]),
        )
    }

    async fn metrics(&self) -> String {
        self.server.get("/metrics").await.text().await.unwrap()
    }
}

#[tokio::test]
async fn a_valid_change_is_swapped_in_and_changes_the_data_version() {
    let fixture = Fixture::new().await;
    let (name, before) = fixture.afghanistan().await;
    assert_eq!(name, "Afghanistan");

    assert_eq!(
        fixture.reloader.reload().await.unwrap(),
        Reloaded::Unchanged
    );
    assert_eq!(
        fixture.afghanistan().await.1,
        before,
        "unchanged data, same version"
    );

    fixture.edit(
        STATES,
        "name = \"Afghanistan\"",
        "name = \"Afghanistan (edited)\"",
    );
    let Reloaded::Swapped { from, to } = fixture.reloader.reload().await.unwrap() else {
        panic!("a changed file is a new graph");
    };
    assert_eq!(from, before);
    let (name, after) = fixture.afghanistan().await;
    assert_eq!(
        (name.as_str(), after.as_str()),
        ("Afghanistan (edited)", to.as_str())
    );
    let ready: Value = fixture.server.get("/ready").await.json().await.unwrap();
    assert_eq!(ready["dataVersion"], after);
    let metrics = fixture.metrics().await;
    assert!(
        metrics.contains(r#"bpgraph_reloads_total{outcome="swapped"} 1"#),
        "{metrics}"
    );
    assert!(metrics.contains(r#"bpgraph_reloads_total{outcome="unchanged"} 1"#));
    assert!(metrics.contains(&format!("version=\"{after}\"")));
}

#[tokio::test]
async fn broken_data_is_refused_with_its_rule_and_the_old_graph_keeps_serving() {
    let fixture = Fixture::new().await;
    let before = fixture.afghanistan().await;
    fixture.edit(STATES, "iso2 = \"AF\"", "iso2 = \"XX\"");

    let logs = Logs::default();
    let error = {
        let _capture = logs.capture();
        fixture.reloader.reload().await.unwrap_err().to_string()
    };
    let broken = "entities/states.toml:7: state `afghanistan` [invalid-iso-code] `XX` is not an \
                  ISO 3166-1 alpha-2 code";
    assert!(error.contains(broken), "{error}");
    let logged = logs.text();
    assert!(
        logged.contains("reload refused") && logged.contains(broken),
        "{logged}"
    );

    assert_eq!(
        fixture.afghanistan().await,
        before,
        "old graph, old version"
    );
    let metrics = fixture.metrics().await;
    assert!(
        metrics.contains(r#"bpgraph_reloads_total{outcome="failed"} 1"#),
        "{metrics}"
    );

    // Fixing the file is picked up by the next reload.
    fixture.edit(STATES, "iso2 = \"XX\"", "iso2 = \"AF\"");
    assert_eq!(
        fixture.reloader.reload().await.unwrap(),
        Reloaded::Unchanged
    );
}

#[tokio::test]
async fn an_unreadable_file_is_refused_too() {
    let fixture = Fixture::new().await;
    let before = fixture.afghanistan().await;
    std::fs::write(fixture.dir.path().join(STATES), "[[state]\nid = ").unwrap();
    let error = fixture.reloader.reload().await.unwrap_err().to_string();
    assert!(error.contains("states.toml"), "{error}");
    assert_eq!(fixture.afghanistan().await, before);
}

#[tokio::test]
async fn a_request_keeps_the_snapshot_it_started_with() {
    let fixture = Fixture::new().await;
    let snapshot = fixture.state.served();
    fixture.edit(
        STATES,
        "name = \"Afghanistan\"",
        "name = \"Afghanistan (edited)\"",
    );
    fixture.reloader.reload().await.unwrap();
    let old = snapshot
        .schema
        .execute("{ entity(ref: \"afghanistan\") { name } }")
        .await;
    assert_eq!(
        old.data.into_json().unwrap(),
        json!({ "entity": { "name": "Afghanistan" } })
    );
    assert_eq!(fixture.afghanistan().await.0, "Afghanistan (edited)");
}

#[tokio::test]
async fn the_watcher_reloads_when_a_file_changes() {
    let fixture = Fixture::new().await;
    let watching = fixture.reloader.watch().unwrap();
    let before = fixture.afghanistan().await.1;
    fixture.edit(
        STATES,
        "name = \"Afghanistan\"",
        "name = \"Afghanistan (watched)\"",
    );
    let name = eventually(|| fixture.afghanistan(), |(name, _)| name != "Afghanistan").await;
    assert_eq!(name.0, "Afghanistan (watched)");
    assert_ne!(name.1, before);
    // Reading the files during the reload is no change: nothing more is reloaded.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let metrics = fixture.metrics().await;
    assert!(
        metrics.contains(r#"bpgraph_reloads_total{outcome="swapped"} 1"#),
        "{metrics}"
    );
    assert!(!metrics.contains(r#"outcome="unchanged""#), "{metrics}");
    watching.abort();
}

#[tokio::test]
async fn a_watched_change_that_drops_a_whole_file_is_refused_and_a_deliberate_one_is_served() {
    const CALENDAR: &str = "statements/calendar-2026.toml";
    let fixture = Fixture::new().await;
    let before = fixture.afghanistan().await.1;
    std::fs::remove_file(fixture.dir.path().join(CALENDAR)).unwrap();
    // Mid-edit, as the watcher sees it: the served data stays, and the log says what is gone.
    let logs = Logs::default();
    let reloaded = {
        let _capture = logs.capture();
        fixture.reloader.reload_as(Intent::Watched).await.unwrap()
    };
    assert_eq!(reloaded, Reloaded::FilesMissing(vec![CALENDAR.to_owned()]));
    let logged = logs.text();
    assert!(
        logged.contains("reload refused") && logged.contains(CALENDAR),
        "{logged}"
    );
    assert_eq!(fixture.afghanistan().await.1, before);
    assert!(fixture
        .metrics()
        .await
        .contains(r#"bpgraph_reloads_total{outcome="refused"} 1"#));
    // Asked for (SIGHUP): the data without the file is valid, and served.
    let Reloaded::Swapped { from, to } = fixture.reloader.reload().await.unwrap() else {
        panic!("a deliberate reload serves the data without the file");
    };
    assert_eq!(from, before);
    assert_eq!(fixture.afghanistan().await.1, to);
    // From then on the file is not expected: a watched reload of the same files is unchanged.
    assert_eq!(
        fixture.reloader.reload_as(Intent::Watched).await.unwrap(),
        Reloaded::Unchanged
    );
}

#[cfg(unix)]
#[tokio::test]
async fn sighup_reloads() {
    let fixture = Fixture::new().await;
    let listening = fixture.reloader.on_sighup().unwrap();
    fixture.edit(
        STATES,
        "name = \"Afghanistan\"",
        "name = \"Afghanistan (hup)\"",
    );
    common::send_signal(std::process::id(), "HUP");
    let name = eventually(|| fixture.afghanistan(), |(name, _)| name != "Afghanistan").await;
    assert_eq!(name.0, "Afghanistan (hup)");
    listening.abort();
}

/// Polls `probe` until `done` holds, for at most ten seconds (a bound, not a timing claim).
async fn eventually<T, F: std::future::Future<Output = T>>(
    probe: impl Fn() -> F,
    done: impl Fn(&T) -> bool,
) -> T {
    for _ in 0..200 {
        let value = probe().await;
        if done(&value) {
            return value;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the condition did not hold within ten seconds");
}

/// Log lines written while a capture guard is alive on this thread.
///
/// One global subscriber writes each line to the capture of the thread that logged it (a
/// test's body runs on its own thread). Per-test subscribers (`set_default`) would race:
/// tracing caches whether a log line is wanted per call site, across threads, so one test's
/// uncaptured line could switch another test's captured line off.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

thread_local! {
    static CAPTURE: std::cell::RefCell<Option<Logs>> = const { std::cell::RefCell::new(None) };
}

/// Ends a capture when dropped.
struct Capturing;

impl Drop for Capturing {
    fn drop(&mut self) {
        CAPTURE.with(|c| c.borrow_mut().take());
    }
}

/// Writes to this thread's capture, if any.
struct ThreadCapture;

impl Write for ThreadCapture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        CAPTURE.with(|c| {
            if let Some(logs) = c.borrow().as_ref() {
                logs.0.lock().unwrap().extend_from_slice(bytes);
            }
        });
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Logs {
    fn capture(&self) -> Capturing {
        static GLOBAL: std::sync::Once = std::sync::Once::new();
        GLOBAL.call_once(|| {
            let subscriber = tracing_subscriber::fmt()
                .with_ansi(false)
                .with_writer(|| ThreadCapture)
                .finish();
            tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");
        });
        CAPTURE.with(|c| *c.borrow_mut() = Some(self.clone()));
        Capturing
    }

    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

#[tokio::test]
async fn a_reload_invalidates_cached_answers_and_their_etags() {
    let fixture = Fixture::new().await;
    let url = format!("{}/graphql", fixture.server.base);
    let query = [("query", "{ entity(ref: \"afghanistan\") { name } }")];
    let get = || fixture.server.client.get(&url).query(&query).send();
    let before = get().await.unwrap();
    let etag = before.headers()["etag"].clone();
    assert_eq!(
        get().await.unwrap().headers()["etag"],
        etag,
        "same data, same tag"
    );

    fixture.edit(
        STATES,
        "name = \"Afghanistan\"",
        "name = \"Afghanistan (edited)\"",
    );
    fixture.reloader.reload().await.unwrap();
    let after = fixture
        .server
        .client
        .get(&url)
        .query(&query)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 200, "the old tag no longer matches");
    assert_ne!(after.headers()["etag"], etag);
    let body: Value = after.json().await.unwrap();
    assert_eq!(body["data"]["entity"]["name"], "Afghanistan (edited)");
}
