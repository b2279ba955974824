//! The probe port (`bpgraph serve --probe-listen ADDR`): `/health`, `/ready` and `/metrics`,
//! and nothing else, on a listener and an async runtime of their own (one OS thread), so a
//! load balancer's or an orchestrator's checks are answered at once however busy the main port
//! is. On the main port a probe takes its turn with every other connection on the async
//! workers; with one core and 2,000 connections flooding it, that turn came after tens to
//! hundreds of milliseconds (RELIABILITY.md has the figures). Here the kernel wakes the probe
//! thread as soon as a probe arrives, and it has nothing else to do.
//!
//! The answers are the main port's own handlers over the same state: `/ready` turns `503`
//! when draining begins, and requests are counted in the same `/metrics` series. They are not
//! logged line by line (every balancer checks every few seconds) and pass through none of the
//! main port's edge (CORS, compression, request ids): these are for machines on the inside.

use super::routes::{self, Route, Routes};
use super::{listen, ops, AppState, Connections};
use axum::routing::get;
use axum::Router;
use std::io;
use std::net::SocketAddr;
use std::thread::JoinHandle;
use tokio::sync::oneshot;

/// Most connections open at once on the probe port: a handful of balancers and scrapers each
/// keep one or two; more wait in the listen queue, so a flood of it cannot take memory.
pub const PROBE_MAX_CONNECTIONS: usize = 64;

/// The routes of the probe port, each counted under its pattern as on the main port; anything
/// else is `404`.
pub fn app(state: AppState) -> Routes<Router> {
    let routes = vec![
        Route::new("/health", get(ops::health)),
        Route::new("/ready", get(ops::ready)),
        Route::new("/metrics", get(ops::metrics)),
    ];
    routes::dispatch(&state, routes)
}

/// The probe port, served on its own thread until [`ProbeServer::stop`] (or drop).
pub struct ProbeServer {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<io::Result<()>>>,
}

/// Serves the probe routes of `state` on `listener` (bound by the caller, so a bad address
/// is reported before the server starts), on a thread with a single-threaded runtime.
pub fn spawn(listener: std::net::TcpListener, state: AppState) -> io::Result<ProbeServer> {
    listener.set_nonblocking(true)?;
    let address = listener.local_addr()?;
    let connections = Connections {
        max_connections: PROBE_MAX_CONNECTIONS,
        ..state.config().connections.clone()
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("bpgraph-probes".to_owned())
        .spawn(move || {
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener)?;
                let shutdown = async {
                    let _ = stopped.await;
                };
                listen::run(listener, app(state), &connections, shutdown).await
            })
        })?;
    Ok(ProbeServer {
        address,
        stop: Some(stop),
        thread: Some(thread),
    })
}

impl ProbeServer {
    /// The address the probe port is bound to (its real port when port 0 was asked for).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Stops accepting, lets probes in flight finish (within the shutdown deadline) and waits
    /// for the thread to end.
    pub fn stop(mut self) -> io::Result<()> {
        self.signal_and_join()
    }

    fn signal_and_join(&mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(served)) => served,
            Some(Err(_)) => Err(io::Error::other("the probe thread panicked")),
            None => Ok(()),
        }
    }
}

impl Drop for ProbeServer {
    fn drop(&mut self) {
        let _ = self.signal_and_join();
    }
}
