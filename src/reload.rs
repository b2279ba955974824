//! Hot reload of a `--data` directory: on a file change (watched) or on SIGHUP the seed is
//! read and validated off the request path, and only a valid graph with a new data version is
//! swapped in. Invalid data is logged rule by rule and the old graph keeps serving.
//!
//! This module joins the seed reader and the HTTP state; neither knows of the other.

use crate::{load, LoadError};
use bpgraph_seed::SeedFiles;
use bpgraph_server::AppState;
use notify::{Event, EventKind, RecursiveMode, Watcher};
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
}

/// Reloads one data directory into one server state.
#[derive(Clone)]
pub struct Reloader {
    dir: PathBuf,
    state: AppState,
    /// One reload at a time: a watcher event and a SIGHUP arriving together are two reloads
    /// in turn, never two swaps racing.
    running: Arc<Mutex<()>>,
}

impl Reloader {
    pub fn new(dir: PathBuf, state: AppState) -> Reloader {
        Reloader {
            dir,
            state,
            running: Arc::new(Mutex::new(())),
        }
    }

    /// Reads, validates and (if valid and new) swaps in the data directory's graph.
    pub async fn reload(&self) -> Result<Reloaded, LoadError> {
        let _turn = self.running.lock().await;
        let dir = self.dir.clone();
        let loaded = tokio::task::spawn_blocking(move || load(&SeedFiles::read_dir(&dir)?))
            .await
            .expect("loading the seed does not panic");
        let metrics = self.state.metrics();
        let graph = match loaded {
            Ok(graph) => graph,
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
                let _ = reloader.reload().await;
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
