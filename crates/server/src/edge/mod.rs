//! The edge every request passes: its id, its access line, and the CORS headers of a
//! cross-origin request, in one layer. As three tower-http layers (request id set and
//! propagated, trace, CORS) they cost about a quarter of a cached answer's time
//! (BENCHMARKS.md); here a request without `Origin` gets no CORS work at all. Preflight
//! requests (`OPTIONS`) still go to tower-http's `CorsLayer`, which answers them. Answers go
//! through tower-http's compression only for a client that sends `Accept-Encoding`; the
//! others get the `Vary` header compression would have added, without its body wrapper.
//!
//! A request's id is kept for the task answering it, not in a tracing span (see
//! `access_log`): an event logged while it runs enters [`request_span`] to carry it.

mod compressible;

use super::access_log::{AccessLog, Answered};
use super::CorsOrigin;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, Method, Uri};
use axum::response::Response;
use compressible::Compressible;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Instant;
use tokio::task::futures::TaskLocalFuture;
use tower::{Layer, Service};
use tower_http::compression::predicate::Predicate;
use tower_http::compression::{CompressionLayer, ResponseFuture as CompressionFuture};
use tower_http::cors::{CorsLayer, ResponseFuture as CorsFuture};

pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

tokio::task_local! {
    /// The id of the request the current task answers.
    static REQUEST_ID: HeaderValue;
}

/// A span naming the request the current task answers (`request{id=…}`), for an event logged
/// while it runs, so that the event can be matched with its access line; a disabled span
/// outside a request. At `error` level, so that it is there whenever errors are logged.
pub fn request_span() -> tracing::Span {
    REQUEST_ID
        .try_with(|id| tracing::error_span!("request", id = %id.to_str().unwrap_or("-")))
        .unwrap_or_else(|_| tracing::Span::none())
}

/// Request ids: a client's own id when it is safe to log and echo, else a random UUID.
///
/// Random, not a counter: a counter behind a fixed prefix would tell every client how many
/// requests the server has answered. `uuid`'s `fast-rng` draws from a thread-local generator
/// seeded once, so an id costs no system call.
#[derive(Clone, Copy)]
struct RequestIds;

impl RequestIds {
    /// The longest client id kept.
    const MAX_CLIENT_ID: usize = 128;

    fn make(self) -> HeaderValue {
        let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
        let id = uuid::Uuid::new_v4();
        HeaderValue::from_str(id.hyphenated().encode_lower(&mut text))
            .expect("a hyphenated UUID is a valid header value")
    }

    /// Whether a client's id may be kept: `[A-Za-z0-9._:-]{1,128}`. Anything else (spaces,
    /// quotes, `=`, control bytes, a long value) could forge fields in a text log line or
    /// bloat every log line, so it is replaced.
    fn is_safe(id: &HeaderValue) -> bool {
        let bytes = id.as_bytes();
        (1..=Self::MAX_CLIENT_ID).contains(&bytes.len())
            && bytes
                .iter()
                .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'))
    }
}

/// Which origins may read answers: any (`*`) or the listed ones.
#[derive(Clone)]
struct Origins {
    any: bool,
    listed: Arc<[HeaderValue]>,
}

impl Origins {
    /// The `Access-Control-Allow-Origin` value for a request from `origin`, if allowed.
    fn allow(&self, origin: &HeaderValue) -> Option<HeaderValue> {
        if self.any {
            Some(HeaderValue::from_static("*"))
        } else {
            self.listed.iter().find(|o| *o == origin).cloned()
        }
    }
}

#[derive(Clone)]
pub struct EdgeLayer(Arc<Shared>);

/// What every copy of the edge shares. hyper's service adapter clones the whole application
/// for each request, so the edge itself must be cheap to clone: one reference count.
struct Shared {
    ids: RequestIds,
    origins: Origins,
    preflight: CorsLayer,
    log: AccessLog,
    /// Whether access lines are written: asked of the log once, when the edge is built (the
    /// subscriber and `RUST_LOG` are set before, and do not change).
    logging: bool,
}

impl EdgeLayer {
    /// `preflight` answers `OPTIONS` requests; `origins` must be the ones it allows.
    pub fn new(origins: &[CorsOrigin], preflight: CorsLayer, log: AccessLog) -> EdgeLayer {
        let listed = origins
            .iter()
            .filter_map(|o| match o {
                CorsOrigin::Exact(value) => Some(value.clone()),
                CorsOrigin::Any => None,
            })
            .collect();
        EdgeLayer(Arc::new(Shared {
            ids: RequestIds,
            origins: Origins {
                any: origins.contains(&CorsOrigin::Any),
                listed,
            },
            preflight,
            logging: log.is_on(),
            log,
        }))
    }
}

impl<S> Layer<S> for EdgeLayer {
    type Service = Edge<S>;

    fn layer(&self, inner: S) -> Edge<S> {
        Edge {
            inner,
            shared: self.0.clone(),
        }
    }
}

#[derive(Clone)]
pub struct Edge<S> {
    inner: S,
    shared: Arc<Shared>,
}

/// The `Vary: accept-encoding` that tower-http's compression gives an answer it could
/// compress, for the same answer sent to a client that accepts no encoding: caches must know
/// that another client may get it compressed.
fn vary_on_encoding(response: &mut Response) {
    if !Compressible.should_compress(response) {
        return;
    }
    let headers = response.headers_mut();
    let named = headers.get_all(header::VARY).iter().any(|value| {
        value
            .to_str()
            .is_ok_and(|v| v.to_ascii_lowercase().contains("accept-encoding"))
    });
    if !named {
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
}

impl<S, B> Service<axum::http::Request<B>> for Edge<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
    B: axum::body::HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = EdgeFuture<S::Future>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // The router is always ready.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: axum::http::Request<B>) -> Self::Future {
        // hyper's body, or a test's: boxed once here, as the router would.
        let request = request.map(Body::new);
        // Kept for the task and the answer; handlers do not read it from the request.
        let id = match request.headers().get(X_REQUEST_ID) {
            Some(id) if RequestIds::is_safe(id) => id.clone(),
            _ => self.shared.ids.make(),
        };
        // What the access line needs of the request, taken only when it is written.
        let logged = self.shared.logging.then(|| {
            (
                self.shared.clone(),
                request.method().clone(),
                request.uri().clone(),
            )
        });
        let started = Instant::now();
        let origins = &self.shared.origins;
        let preflight = request.method() == Method::OPTIONS;
        let allowed = match preflight {
            true => None,
            false => request
                .headers()
                .get(header::ORIGIN)
                .and_then(|origin| origins.allow(origin)),
        };
        // The router is called here, not cloned into the future: it is always ready.
        let answer = if preflight {
            let mut cors = self.shared.preflight.layer(self.inner.clone());
            Answer::Preflight {
                answer: Box::pin(cors.call(request)),
            }
        } else if request.headers().contains_key(header::ACCEPT_ENCODING) {
            let compress = CompressionLayer::new().compress_when(Compressible);
            let mut compression = compress.layer(self.inner.clone());
            Answer::Compressed {
                answer: Box::pin(compression.call(request)),
            }
        } else {
            // Compression would pass the body through, at a cost of about a third of a
            // cached answer's time (BENCHMARKS.md): skipped when nothing can be accepted.
            Answer::Inner {
                answer: Box::pin(self.inner.call(request)),
            }
        };
        EdgeFuture {
            // Taken back when the answer is ready: the id is not cloned (a clone of a fresh
            // header value allocates to share its bytes).
            answer: REQUEST_ID.scope(id, answer),
            after: Some(After {
                logged,
                started,
                allowed,
                vary: !origins.any,
            }),
        }
    }
}

pin_project_lite::pin_project! {
    /// The answer being worked out, polled where it lies. Not an `async` block: moving the
    /// answer into such a block's state and out again for each `.await` copied it eight times
    /// a request, 7% of a cached answer's instructions (callgrind, BENCHMARKS.md).
    pub struct EdgeFuture<F> {
        #[pin]
        answer: TaskLocalFuture<HeaderValue, Answer<F>>,
        after: Option<After>,
    }
}

/// What the edge adds once the answer is there.
pub struct After {
    logged: Option<(Arc<Shared>, Method, Uri)>,
    started: Instant,
    /// The `Access-Control-Allow-Origin` of a cross-origin request.
    allowed: Option<HeaderValue>,
    /// Whether answers vary by origin (not all origins are allowed).
    vary: bool,
}

pin_project_lite::pin_project! {
    /// The application's answer (compressed if the client accepts an encoding), or the
    /// preflight answerer's. Boxed where it is made: the router's future is 300 bytes, and
    /// the edge's own is moved once more by hyper's service adapter.
    #[project = AnswerProjection]
    pub enum Answer<F> {
        Inner { answer: Pin<Box<F>> },
        Compressed { answer: Pin<Box<CompressionFuture<F, Compressible>>> },
        Preflight { answer: Pin<Box<CorsFuture<F>>> },
    }
}

impl<F> Future for Answer<F>
where
    F: Future<Output = Result<Response, Infallible>>,
{
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            AnswerProjection::Inner { answer } => {
                let Ok(mut response) = ready!(answer.as_mut().poll(cx));
                vary_on_encoding(&mut response);
                Poll::Ready(Ok(response))
            }
            AnswerProjection::Compressed { answer } => answer
                .as_mut()
                .poll(cx)
                .map_ok(|response| response.map(Body::new)),
            AnswerProjection::Preflight { answer } => answer.as_mut().poll(cx),
        }
    }
}

impl<F> Future for EdgeFuture<F>
where
    F: Future<Output = Result<Response, Infallible>>,
{
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        let Ok(mut response) = ready!(this.answer.as_mut().poll(cx));
        let after = this
            .after
            .take()
            .expect("an answer is polled until ready, once");
        let id = this
            .answer
            .take_value()
            .expect("the id is taken once, with the answer");
        if let Some((shared, method, uri)) = &after.logged {
            shared.log.write(&Answered {
                id: &id,
                method,
                path: uri.path(),
                status: response.status(),
                latency_us: after.started.elapsed().as_micros() as u64,
            });
        }
        let headers = response.headers_mut();
        headers.insert(X_REQUEST_ID, id);
        if let Some(origin) = after.allowed {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            headers.insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static("x-request-id"),
            );
        }
        if after.vary {
            // The answer's CORS headers depend on who asks: shared caches must know.
            headers.append(header::VARY, HeaderValue::from_static("origin"));
        }
        Poll::Ready(Ok(response))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;
    use axum::Router;
    use std::sync::Mutex;
    use tower::ServiceExt;

    /// Log output kept for the test.
    #[derive(Clone, Default)]
    struct Kept(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Kept {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[tokio::test]
    async fn an_event_logged_while_a_request_runs_carries_its_id() {
        let kept = Kept::default();
        let writer = kept.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let _default = tracing::subscriber::set_default(subscriber);
        let failing = || async {
            let _request = request_span().entered();
            tracing::error!("the export failed");
            "failed"
        };
        let app = Router::new().route("/", get(failing)).layer(EdgeLayer::new(
            &[CorsOrigin::Any],
            CorsLayer::new(),
            AccessLog::default(),
        ));
        let request = Request::get("/")
            .header(X_REQUEST_ID, "req-9")
            .body(Body::empty())
            .unwrap();
        let response = app.oneshot(request).await.unwrap();
        assert_eq!(response.headers()[X_REQUEST_ID], "req-9");
        {
            let _outside = request_span().entered();
            tracing::error!("outside any request");
        }
        let logged = String::from_utf8(kept.0.lock().unwrap().clone()).unwrap();
        let lines: Vec<&str> = logged.lines().collect();
        assert_eq!(lines.len(), 2, "{logged}");
        assert!(lines[0].contains("request{id=req-9}: "), "{logged}");
        assert!(lines[0].ends_with("the export failed"), "{logged}");
        assert!(!lines[1].contains("request{"), "{logged}");
    }
}
