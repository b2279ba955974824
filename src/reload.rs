//! Hot reload of a `--data` directory: on a file change (watched) or on SIGHUP the seed is
//! read and validated off the request path, and only a valid graph with a new data version is
//! swapped in. Invalid data is logged rule by rule and the old graph keeps serving.
//!
//! A watched change that leaves a seed file missing is not served: an editor or a checkout
//! that deletes a file and writes it again would otherwise serve, for a moment, a valid graph
//! without that file's records. SIGHUP reloads deliberately, files gone or not.
//!
//! This module joins the seed reader and the HTTP state; neither knows of the other.

use crate::{load, LoadError};
use bpgraph_seed::SeedFiles;
use bpgraph_server::AppState;
use notify::{Event, EventKind, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, Mutex};

/// How long the watcher waits for a burst of file events to end before reloading, so an
/// editor's save or a `cp -r` of many files is one reload.
const SETTLE: Duration = Duration::from_millis(300);

/// Waits until no change has arrived for [`SETTLE`], so a burst of changes is one reload.
async fn settle(changes: &mut mpsc::UnboundedReceiver<()>) {
    while let Ok(Some(())) = tokio::time::timeout(SETTLE, changes.recv()).await {}
}

/// What a reload did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reloaded {
    /// A new graph is served.
    Swapped { from: String, to: String },
    /// The files hold the data already served.
    Unchanged,
    /// A watched reload found seed files of the served data missing, and left the served
    /// data as it is (SIGHUP serves the data without them).
    FilesMissing(Vec<String>),
}

/// Whether a reload may serve data that lacks files the served data had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// Someone asked for it (SIGHUP): serve whatever valid data the directory holds.
    Deliberate,
    /// A file changed (the watcher): a file gone is more likely mid-edit than meant.
    Watched,
}

/// Reloads one data directory into one server state.
#[derive(Clone)]
pub struct Reloader {
    dir: PathBuf,
    state: AppState,
    /// One reload at a time: a watcher event and a SIGHUP arriving together are two reloads
    /// in turn, never two swaps racing.
    running: Arc<Mutex<()>>,
    /// The seed files of the data served, as of the last load from the directory.
    served_files: Arc<std::sync::Mutex<BTreeSet<String>>>,
}

impl Reloader {
    /// A reloader for the data in `dir`, which `state` serves now.
    pub fn new(dir: PathBuf, state: AppState) -> Reloader {
        let files = SeedFiles::read_dir(&dir)
            .map(|files| file_set(&files))
            .unwrap_or_default();
        Reloader {
            dir,
            state,
            running: Arc::new(Mutex::new(())),
            served_files: Arc::new(std::sync::Mutex::new(files)),
        }
    }

    /// Reads, validates and (if valid and new) swaps in the data directory's graph.
    pub async fn reload(&self) -> Result<Reloaded, LoadError> {
        self.reload_as(Intent::Deliberate).await
    }

    /// [`Reloader::reload`], refusing, when `intent` is [`Intent::Watched`], data that lacks a
    /// file the served data had.
    pub async fn reload_as(&self, intent: Intent) -> Result<Reloaded, LoadError> {
        let _turn = self.running.lock().await;
        let dir = self.dir.clone();
        let served = self.served_files.lock().expect("never poisoned").clone();
        let loaded = tokio::task::spawn_blocking(move || {
            let files = SeedFiles::read_dir(&dir)?;
            let now = file_set(&files);
            let missing: Vec<String> = served.difference(&now).cloned().collect();
            if intent == Intent::Watched && !missing.is_empty() {
                return Ok(Err(missing));
            }
            load(&files).map(|graph| Ok((graph, now)))
        })
        .await
        .expect("loading the seed does not panic");
        let metrics = self.state.metrics();
        let loaded = match loaded {
            Ok(Err(missing)) => {
                metrics.reload("refused");
                tracing::error!(
                    data = %self.dir.display(),
                    missing = %missing.join(", "),
                    "reload refused: seed files of the served data are gone, and their records \
                     would no longer be served; the served data is unchanged (send SIGHUP to \
                     serve the data without them)"
                );
                return Ok(Reloaded::FilesMissing(missing));
            }
            Ok(Ok(loaded)) => Ok(loaded),
            Err(error) => Err(error),
        };
        let (graph, files) = match loaded {
            Ok(loaded) => loaded,
            Err(error) => {
                metrics.reload("failed");
                let serving = self.state.served().graph.version().to_owned();
                tracing::error!(
                    data = %self.dir.display(),
                    data_version = %serving,
                    "reload refused, the served data is unchanged:\n{error}"
                );
                return Err(error);
            }
        };
        *self.served_files.lock().expect("never poisoned") = files;
        let from = self.state.served().graph.version().to_owned();
        if graph.version() == from {
            metrics.reload("unchanged");
            tracing::info!(data_version = %from, "reload: the data is unchanged");
            return Ok(Reloaded::Unchanged);
        }
        let to = graph.version().to_owned();
        self.state.swap(Arc::new(graph));
        metrics.reload("swapped");
        tracing::info!(from = %from, to = %to, "reload: serving a new data version");
        Ok(Reloaded::Swapped { from, to })
    }

    /// Reloads whenever a file under the directory changes, until the returned task is
    /// aborted. Fails if the directory cannot be watched.
    pub fn watch(&self) -> notify::Result<tokio::task::JoinHandle<()>> {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let mut watcher = notify::recommended_watcher(move |event: notify::Result<Event>| {
            match event {
                // Reading the files (as a reload does) must not trigger a reload.
                Ok(event) if matches!(event.kind, EventKind::Access(_)) => {}
                Ok(_) => {
                    let _ = tx.send(());
                }
                Err(error) => tracing::warn!("watching the data directory: {error}"),
            }
        })?;
        watcher.watch(&self.dir, RecursiveMode::Recursive)?;
        let reloader = self.clone();
        Ok(tokio::spawn(async move {
            let _watcher = watcher; // watching stops when it is dropped
            while rx.recv().await.is_some() {
                settle(&mut rx).await;
                let _ = reloader.reload_as(Intent::Watched).await;
            }
        }))
    }

    /// Reloads on every SIGHUP, until the returned task is aborted.
    #[cfg(unix)]
    pub fn on_sighup(&self) -> std::io::Result<tokio::task::JoinHandle<()>> {
        use tokio::signal::unix::{signal, SignalKind};
        let mut hangups = signal(SignalKind::hangup())?;
        let reloader = self.clone();
        Ok(tokio::spawn(async move {
            while hangups.recv().await.is_some() {
                tracing::info!("SIGHUP: reloading the data");
                let _ = reloader.reload().await;
            }
        }))
    }
}

/// The paths of a seed's files.
fn file_set(files: &SeedFiles) -> BTreeSet<String> {
    files.paths().into_iter().map(str::to_owned).collect()
}
