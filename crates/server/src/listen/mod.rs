//! The accept loop: how connections are taken, bounded and closed.
//!
//! Each connection is served by hyper's HTTP/1.1 server. A connection that makes no progress
//! for the header timeout (no request's head read or being answered, no byte of an answer
//! taken) is closed, so a client that sends half a request line (or nothing), keeps a
//! connection idle or stops reading cannot hold it (`watchdog`). At most `max_connections` are
//! open at once; more wait in the kernel's listen queue. On shutdown the loop stops accepting,
//! asks every connection to finish its request in flight and close, and returns by the
//! deadline whatever the clients do.
//!
//! axum's own `serve` offers none of these bounds, so the loop is written here, on hyper's
//! connection builder as `axum::serve` uses it.

mod counted;
mod watchdog;

use axum::response::Response;
use counted::{CountedWrites, Watching};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::Request;
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::Service;
use watchdog::{Registry, Stop};

/// How connections are bounded (see `bpgraph serve --help`).
#[derive(Debug, Clone, clap::Args)]
pub struct Connections {
    /// Time a client has to send a request's headers, in milliseconds: counted from the moment
    /// it connects, or from the previous answer on a kept-alive connection (so it is also the
    /// idle timeout), and also the longest a client may take none of an answer. A connection
    /// silent that long is closed within a quarter of it more.
    #[arg(long, env = "BPGRAPH_HEADER_TIMEOUT_MS", default_value_t = Connections::DEFAULT.header_timeout_ms)]
    pub header_timeout_ms: u64,
    /// Most connections open at once; more wait in the listen queue until one closes.
    #[arg(long, env = "BPGRAPH_MAX_CONNECTIONS", default_value_t = Connections::DEFAULT.max_connections)]
    pub max_connections: usize,
    /// On SIGTERM, how long `/ready` answers 503 while the server still serves, in
    /// milliseconds, so load balancers stop sending new requests before it stops accepting.
    /// Ctrl-C (SIGINT) skips it.
    #[arg(long, env = "BPGRAPH_DRAIN_MS", default_value_t = Connections::DEFAULT.drain_ms)]
    pub drain_ms: u64,
    /// Once accepting stops, how long requests in flight may take to finish, in milliseconds;
    /// then the server exits whatever clients do.
    #[arg(long, env = "BPGRAPH_SHUTDOWN_DEADLINE_MS", default_value_t = Connections::DEFAULT.shutdown_deadline_ms)]
    pub shutdown_deadline_ms: u64,
}

impl Connections {
    pub const DEFAULT: Connections = Connections {
        header_timeout_ms: 10_000,
        max_connections: 4_096,
        drain_ms: 5_000,
        shutdown_deadline_ms: 10_000,
    };

    pub fn drain(&self) -> Duration {
        Duration::from_millis(self.drain_ms)
    }
}

impl Default for Connections {
    fn default() -> Self {
        Connections::DEFAULT
    }
}

/// Serves `app` on `listener` until `shutdown` completes; then stops accepting, lets requests
/// in flight finish, and returns once every connection has closed or the deadline has passed.
pub async fn run<S>(
    listener: TcpListener,
    app: S,
    connections: &Connections,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()>
where
    S: Service<Request<Incoming>, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    let builder = http1::Builder::new();
    let slots = Arc::new(Semaphore::new(connections.max_connections.max(1)));
    let registry = Arc::new(Registry::default());
    let header_timeout = Duration::from_millis(connections.header_timeout_ms);
    let sweeper = tokio::spawn(registry.clone().sweep_every_quarter_of(header_timeout));
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    // Out of file descriptors, or a connection reset before it was taken:
                    // wait a moment rather than spin, as axum's `serve` does.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let (key, watched) = registry.add();
        let io = TokioIo::new(CountedWrites::new(stream, watched.clone()));
        let connection = builder
            .serve_connection(io, Watching::new(app.clone(), watched.clone()))
            .with_upgrades();
        let registry = registry.clone();
        tokio::spawn(async move {
            let mut connection = std::pin::pin!(connection);
            let mut finishing = false;
            std::future::poll_fn(|cx| {
                match watched.stop(cx) {
                    // Nothing is being answered: the connection is dropped, closing it.
                    Stop::Silent => return Poll::Ready(()),
                    Stop::Finish if !finishing => {
                        // The request in flight, if any, is answered; then it closes.
                        connection.as_mut().graceful_shutdown();
                        finishing = true;
                    }
                    Stop::Finish | Stop::Not => {}
                }
                connection.as_mut().poll(cx).map(|_| ())
            })
            .await;
            registry.remove(key);
            drop(slot);
        });
    }
    drop(listener);
    registry.finish_all();
    let deadline = Duration::from_millis(connections.shutdown_deadline_ms);
    if tokio::time::timeout(deadline, registry.all_removed())
        .await
        .is_err()
    {
        tracing::warn!(
            open = registry.len(),
            "shutdown deadline passed; closing the connections still open"
        );
    }
    sweeper.abort();
    Ok(())
}
