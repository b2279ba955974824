//! GraphQL subscriptions over WebSocket, on `/graphql` itself: a `GET /graphql` that asks to
//! upgrade to a WebSocket speaking graphql-transport-ws (or the legacy graphql-ws) is served
//! here, any other `GET` by the HTTP endpoint.
//!
//! It owns [`Live`], the server's data-version signal: [`Live::publish`] sends the summary of
//! each graph the server starts serving (`AppState::swap`), and the schema's `Signals` (its
//! data) let each `dataVersionChanged` subscription listen. async-graphql-axum speaks the
//! protocols; this module adds the policy: the same origins as `/graphql`, a cap on open
//! connections ([`SubscriptionSettings`]) and on subscriptions per connection, a time limit for
//! `connection_init`, subscriptions only (queries go over HTTP, with its limits and caches),
//! and a close frame to every subscriber when shutdown begins.

use crate::{graphql, AppState, CorsOrigin, HttpError};
use async_graphql::futures_util::stream::{self, BoxStream};
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql::parser::types::{DocumentOperations, OperationType};
use async_graphql::{Data, ErrorExtensions, Executor, Pos, Request, Response, ServerError};
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::FromRequestParts;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response as HttpResponse};
use bpgraph_api::{DataSummary, ErrorCode, Signals};
use bpgraph_graph::KnowledgeGraph;
use futures_util::{SinkExt, StreamExt};
use prometheus_client::metrics::gauge::Gauge;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};

/// Subscriptions one connection may run at once: a browser tab multiplexes its subscriptions
/// on one socket, and there is one subscription field, so a handful is plenty.
pub const SUBSCRIPTIONS_PER_CONNECTION: usize = 16;

/// The close code graphql-transport-ws gives a connection that did not initialise in time.
const INIT_TIMEOUT_CLOSE: u16 = 4408;
/// WebSocket's "going away": the server is shutting down.
const GOING_AWAY_CLOSE: u16 = 1001;

/// How subscriptions are bounded (see `bpgraph serve --help`).
#[derive(Debug, Clone, clap::Args)]
pub struct SubscriptionSettings {
    /// Most WebSocket connections for subscriptions open at once (each may run up to 16
    /// subscriptions); one more is refused with 503 until one closes.
    #[arg(long, env = "BPGRAPH_MAX_SUBSCRIPTIONS", default_value_t = SubscriptionSettings::DEFAULT.max_subscriptions)]
    pub max_subscriptions: usize,
    /// Time a WebSocket client has to send `connection_init` once connected, in milliseconds;
    /// then the connection is closed (code 4408).
    #[arg(long, env = "BPGRAPH_SUBSCRIPTION_INIT_TIMEOUT_MS", default_value_t = SubscriptionSettings::DEFAULT.init_timeout_ms)]
    pub init_timeout_ms: u64,
}

impl SubscriptionSettings {
    pub const DEFAULT: SubscriptionSettings = SubscriptionSettings {
        max_subscriptions: 1_000,
        init_timeout_ms: 10_000,
    };
}

impl Default for SubscriptionSettings {
    fn default() -> Self {
        SubscriptionSettings::DEFAULT
    }
}

/// The data-version signal, the open connections' slots and the shutdown signal.
pub(crate) struct Live {
    versions: Arc<watch::Sender<Arc<DataSummary>>>,
    closing: watch::Sender<bool>,
    slots: Arc<Semaphore>,
}

impl Live {
    pub fn new(graph: &KnowledgeGraph, settings: &SubscriptionSettings) -> Live {
        let (versions, _) = watch::channel(Arc::new(DataSummary::of(graph)));
        Live {
            versions: Arc::new(versions),
            closing: watch::channel(false).0,
            slots: Arc::new(Semaphore::new(settings.max_subscriptions)),
        }
    }

    /// What the schema's subscriptions listen to: the current summary, then each new one.
    pub fn signals(&self) -> Signals {
        let versions = self.versions.clone();
        Signals {
            data_versions: Arc::new(move || {
                let receiver = versions.subscribe();
                stream::unfold((receiver, true), |(mut receiver, first)| async move {
                    if !first && receiver.changed().await.is_err() {
                        return None;
                    }
                    let summary = receiver.borrow_and_update().clone();
                    Some((summary, (receiver, false)))
                })
                .boxed()
            }),
        }
    }

    /// Tells every subscriber that `graph` is now served.
    pub fn publish(&self, graph: &KnowledgeGraph) {
        self.versions.send_replace(Arc::new(DataSummary::of(graph)));
    }

    /// Closes every subscription connection (close frame 1001) and refuses new ones.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }
}

/// `GET /graphql`: a WebSocket upgrade is a subscription connection, anything else a query.
pub async fn get(state: AppState, request: axum::extract::Request) -> HttpResponse {
    if !is_websocket_upgrade(request.headers()) {
        return graphql::endpoint(state, request).await;
    }
    match upgrade(state, request).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

fn is_websocket_upgrade(headers: &HeaderMap) -> bool {
    headers
        .get(header::UPGRADE)
        .is_some_and(|value| value.as_bytes().eq_ignore_ascii_case(b"websocket"))
}

async fn upgrade(
    state: AppState,
    request: axum::extract::Request,
) -> Result<HttpResponse, HttpError> {
    let (mut parts, _) = request.into_parts();
    if let Some(origin) = parts.headers.get(header::ORIGIN) {
        let host = parts.headers.get(header::HOST);
        if !origin_allowed(&state.config.cors_origins, origin, host) {
            return Err(HttpError::OriginNotAllowed);
        }
    }
    if *state.live.closing.borrow() {
        return Err(HttpError::Overloaded);
    }
    let protocol = GraphQLProtocol::from_request_parts(&mut parts, &())
        .await
        .map_err(|_| {
            HttpError::BadRequest(format!(
                "a GraphQL WebSocket asks for the subprotocol {}",
                ALL_WEBSOCKET_PROTOCOLS.join(" or ")
            ))
        })?;
    let upgrade = WebSocketUpgrade::from_request_parts(&mut parts, &())
        .await
        .map_err(|rejection| HttpError::BadRequest(rejection.body_text()))?;
    let Ok(slot) = state.live.slots.clone().try_acquire_owned() else {
        return Err(HttpError::SubscriptionsFull {
            limit: state.config.subscriptions.max_subscriptions,
        });
    };
    Ok(upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| serve(socket, state, protocol, slot))
        .into_response())
}

/// Whether a browser page from `origin` may subscribe: the rule `/graphql`'s CORS applies, so
/// the server's own pages (GraphiQL: `origin` names the `host` asked for) always may, and
/// others if `--cors-origins` allows them. A client that sends no `Origin` is not a browser
/// page and is not asked, as for CORS.
fn origin_allowed(
    origins: &[CorsOrigin],
    origin: &HeaderValue,
    host: Option<&HeaderValue>,
) -> bool {
    let same_origin = host.is_some_and(|host| {
        let origin = origin.as_bytes();
        let origin_host = origin
            .strip_prefix(b"http://")
            .or_else(|| origin.strip_prefix(b"https://"));
        origin_host.is_some_and(|origin_host| origin_host.eq_ignore_ascii_case(host.as_bytes()))
    });
    same_origin
        || origins.iter().any(|allowed| match allowed {
            CorsOrigin::Any => true,
            CorsOrigin::Exact(value) => value == origin,
        })
}

/// One subscription connection, from the upgrade until the client leaves, fails to initialise
/// in time, or the server shuts down (then with a close frame saying why).
async fn serve(
    socket: WebSocket,
    state: AppState,
    protocol: GraphQLProtocol,
    _slot: OwnedSemaphorePermit,
) {
    let _open = Counted::new(&state.metrics.subscription_connections, None);
    let (mut sink, input) = socket.split();
    let initialised = Arc::new(AtomicBool::new(false));
    let mut closing = state.live.closing.subscribe();
    let init_timeout = Duration::from_millis(state.config.subscriptions.init_timeout_ms);
    // Ends the client's messages (and so the connection) at shutdown, or when `connection_init`
    // has not come in time.
    let stop = {
        let mut closing = closing.clone();
        let initialised = initialised.clone();
        async move {
            let uninitialised = async {
                tokio::time::sleep(init_timeout).await;
                if initialised.load(Ordering::Acquire) {
                    std::future::pending::<()>().await;
                }
            };
            tokio::select! {
                _ = closing.wait_for(|closing| *closing) => {}
                () = uninitialised => {}
            }
        }
    };
    let executor = SubscriptionsOnly {
        state: state.clone(),
        running: Arc::new(AtomicUsize::new(0)),
    };
    let on_init = initialised.clone();
    GraphQLWebSocket::new_with_pair(&mut sink, input.take_until(stop), executor, protocol)
        .on_connection_init(move |_payload| async move {
            on_init.store(true, Ordering::Release);
            Ok(Data::default())
        })
        .serve()
        .await;
    let close = if *closing.borrow_and_update() {
        Some((GOING_AWAY_CLOSE, "the server is shutting down"))
    } else if !initialised.load(Ordering::Acquire) {
        Some((INIT_TIMEOUT_CLOSE, "Connection initialisation timeout"))
    } else {
        None
    };
    if let Some((code, reason)) = close {
        let frame = CloseFrame {
            code,
            reason: reason.into(),
        };
        let _ = sink.send(Message::Close(Some(frame))).await;
    }
}

/// Runs the subscriptions of one connection on the schema served when each starts, and
/// refuses queries and mutations: those go over HTTP, with its limits and caches.
#[derive(Clone)]
struct SubscriptionsOnly {
    state: AppState,
    /// Subscriptions running on this connection.
    running: Arc<AtomicUsize>,
}

impl Executor for SubscriptionsOnly {
    async fn execute(&self, _request: Request) -> Response {
        refused(
            "only subscriptions are served over WebSocket; send queries to /graphql over HTTP"
                .into(),
            ErrorCode::WrongTransport,
        )
    }

    fn execute_stream(
        &self,
        request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        if !is_subscription(&request) {
            let refusal = refused(
                "only subscriptions are served over WebSocket; send queries and mutations to \
                 /graphql over HTTP"
                    .into(),
                ErrorCode::WrongTransport,
            );
            return stream::once(async { refusal }).boxed();
        }
        if self.running.load(Ordering::Acquire) >= SUBSCRIPTIONS_PER_CONNECTION {
            let message = format!(
                "a connection may run at most {SUBSCRIPTIONS_PER_CONNECTION} subscriptions at once"
            );
            let refusal = refused(message, ErrorCode::LimitExceeded);
            return stream::once(async { refusal }).boxed();
        }
        let counted = Counted::new(&self.state.metrics.subscriptions, Some(&self.running));
        let schema = self.state.served().schema.clone();
        schema
            .execute_stream_with_session_data(request, session_data.unwrap_or_default())
            .map(move |response| {
                let _running = &counted;
                response
            })
            .boxed()
    }
}

/// Whether `request` selects a subscription operation; a document that does not parse or
/// names no operation is left to the schema, which says what is wrong with it.
fn is_subscription(request: &Request) -> bool {
    let Ok(document) = async_graphql::parser::parse_query(&request.query) else {
        return true;
    };
    let ty = match (&document.operations, request.operation_name.as_deref()) {
        (DocumentOperations::Single(operation), _) => Some(operation.node.ty),
        (DocumentOperations::Multiple(operations), Some(name)) => {
            operations.get(name).map(|operation| operation.node.ty)
        }
        (DocumentOperations::Multiple(operations), None) => {
            let mut all = operations.values();
            match (all.next(), all.next()) {
                (Some(only), None) => Some(only.node.ty),
                _ => None,
            }
        }
    };
    ty.is_none_or(|ty| ty == OperationType::Subscription)
}

fn refused(message: String, code: ErrorCode) -> Response {
    let error = async_graphql::Error::new(message).extend_with(|_, e| e.set("code", code.as_str()));
    let error: ServerError = error.into_server_error(Pos::default());
    Response::from_errors(vec![error])
}

/// One open thing, counted in a gauge (and a connection's own count) while it lives.
struct Counted {
    gauge: Gauge,
    count: Option<Arc<AtomicUsize>>,
}

impl Counted {
    fn new(gauge: &Gauge, count: Option<&Arc<AtomicUsize>>) -> Counted {
        gauge.inc();
        if let Some(count) = count {
            count.fetch_add(1, Ordering::AcqRel);
        }
        Counted {
            gauge: gauge.clone(),
            count: count.cloned(),
        }
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.gauge.dec();
        if let Some(count) = &self.count {
            count.fetch_sub(1, Ordering::AcqRel);
        }
    }
}
