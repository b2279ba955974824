//! The accept loop: how connections are taken, bounded and closed.
//!
//! Each connection is served by hyper's HTTP/1.1 server with a header-read timeout, so a
//! client that sends half a request line (or nothing) cannot hold a connection, and a client
//! that keeps a connection idle loses it after the same time. At most `max_connections` are
//! open at once; more wait in the kernel's listen queue. On shutdown the loop stops accepting,
//! asks every connection to finish its request in flight and close, and returns by the
//! deadline whatever the clients do.
//!
//! axum's own `serve` offers none of these bounds, so the loop is written here, on hyper's
//! connection builder as `axum::serve` uses it.

use axum::response::Response;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::Request;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tower::Service;

/// How connections are bounded (see `bpgraph serve --help`).
#[derive(Debug, Clone, clap::Args)]
pub struct Connections {
    /// Time a client has to send a request's headers, in milliseconds: counted from the moment
    /// it connects, or from the previous answer on a kept-alive connection (so it is also the
    /// idle timeout). A slower connection is closed.
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
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_millis(connections.header_timeout_ms));
    let builder = Arc::new(builder);
    let slots = Arc::new(Semaphore::new(connections.max_connections.max(1)));
    // Dropped to tell every connection to finish: `closing.closed()` completes in each.
    let (closing, _) = watch::channel(());
    // Each connection holds a receiver; the loop waits until none is left.
    let (open, open_rx) = watch::channel(());
    drop(open_rx);
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
        let connection = builder
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()))
            .with_upgrades();
        let mut finish = closing.subscribe();
        let still_open = open.subscribe();
        tokio::spawn(async move {
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = finish.changed() => {
                    // The request in flight, if any, is answered; then the connection closes.
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
            drop((still_open, slot));
        });
    }
    drop(listener);
    drop(closing);
    let deadline = Duration::from_millis(connections.shutdown_deadline_ms);
    if tokio::time::timeout(deadline, open.closed()).await.is_err() {
        tracing::warn!(
            open = open.receiver_count(),
            "shutdown deadline passed; closing the connections still open"
        );
    }
    Ok(())
}
