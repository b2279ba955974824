//! The route table and its dispatch: each request's route is found once, by `matchit` (axum's
//! own matcher) over the table's patterns; it is counted under that pattern and status, and
//! answered by the route's direct handler when it has one for the request's method, else by
//! the axum router built from the same table.
//!
//! Direct handlers are the hottest route's (`GET` and `POST /graphql`). Called with the state
//! and the request, they skip what the router adds per request (its own second match, the
//! matched path and URL parameters put into the request's extensions, the method router's
//! boxed service and its future): about 3,500 instructions of a cached answer's 26,500
//! (callgrind, BENCHMARKS.md). The router still holds the same handlers, so every other part
//! of the route (`405` and `Allow` for other methods, `HEAD`) comes from one table.

use super::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use axum::routing::{MethodFilter, MethodRouter};
use axum::Router;
use prometheus_client::metrics::counter::Counter;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tower::Service;

/// An answer from a direct handler.
type DirectAnswer = Pin<Box<dyn Future<Output = Response> + Send>>;

/// A handler called without the router.
type DirectHandler = Arc<dyn Fn(AppState, Request) -> DirectAnswer + Send + Sync>;

/// One route: its pattern, its handlers by method, and those called directly.
pub struct Route {
    pattern: &'static str,
    methods: MethodRouter<AppState>,
    direct: Vec<(Method, DirectHandler)>,
}

impl Route {
    /// A route whose every method goes through the router.
    pub fn new(pattern: &'static str, methods: MethodRouter<AppState>) -> Route {
        Route {
            pattern,
            methods,
            direct: Vec::new(),
        }
    }

    /// Adds `handler` for `method`, called without the router (and given to the router too,
    /// for the route's `Allow` and, for `GET`, its `HEAD`).
    pub fn direct<H, F>(mut self, method: Method, handler: H) -> Route
    where
        H: Fn(AppState, Request) -> F + Clone + Send + Sync + 'static,
        F: Future<Output = Response> + Send + 'static,
    {
        let filter = MethodFilter::try_from(method.clone())
            .expect("a direct handler's method is one axum routes");
        let routed = handler.clone();
        self.methods = self.methods.on(
            filter,
            move |State(state): State<AppState>, request: Request| routed(state, request),
        );
        self.direct.push((
            method,
            Arc::new(move |state, request| Box::pin(handler(state, request)) as DirectAnswer),
        ));
        self
    }
}

/// The router of `routes` behind their dispatch, each route's requests counted under its
/// pattern.
pub fn dispatch(state: &AppState, routes: Vec<Route>) -> Routes<Router> {
    let mut matcher = matchit::Router::new();
    let mut table = Vec::with_capacity(routes.len());
    let mut router = Router::new();
    for route in routes {
        matcher
            .insert(route.pattern, table.len())
            .expect("the table's patterns are valid and distinct (axum would refuse them too)");
        table.push(RouteEntry {
            pattern: route.pattern,
            ok: state
                .metrics
                .requests(route.pattern, StatusCode::OK.as_u16()),
            direct: route.direct,
        });
        router = router.route(route.pattern, route.methods);
    }
    Routes {
        inner: router.with_state(state.clone()),
        table: Arc::new(Table {
            state: state.clone(),
            matcher,
            routes: table,
        }),
    }
}

/// Requests dispatched by route (see the module's documentation), counted under their route's
/// pattern (never the raw path, which clients choose) and status; a path no route matches goes
/// to the router (its `404`) and is not counted. One wrapper around the whole router, not a
/// layer on each route: axum clones a layered route's boxed stack for every request.
#[derive(Clone)]
pub struct Routes<S> {
    inner: S,
    table: Arc<Table>,
}

struct Table {
    state: AppState,
    /// Each pattern's index in `routes`.
    matcher: matchit::Router<usize>,
    routes: Vec<RouteEntry>,
}

/// What a request needs of its route: the pattern, the series of its successful answers
/// (looked up once), and its direct handlers by method.
struct RouteEntry {
    pattern: &'static str,
    ok: Counter,
    direct: Vec<(Method, DirectHandler)>,
}

impl<S, B> Service<axum::http::Request<B>> for Routes<S>
where
    S: Service<axum::http::Request<B>, Response = Response>,
    B: axum::body::HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Counting<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: axum::http::Request<B>) -> Self::Future {
        let route = self
            .table
            .matcher
            .at(request.uri().path())
            .ok()
            .map(|found| *found.value);
        let direct = route.and_then(|index| {
            let direct = &self.table.routes[index].direct;
            direct
                .iter()
                .find(|(method, _)| method == request.method())
                .map(|(_, handler)| handler)
        });
        let answer = match direct {
            Some(handler) => Dispatched::Direct {
                answer: handler(self.table.state.clone(), request.map(Body::new)),
            },
            None => Dispatched::Router {
                answer: self.inner.call(request),
            },
        };
        Counting {
            count: route.map(|index| (self.table.clone(), index)),
            answer,
        }
    }
}

pin_project_lite::pin_project! {
    /// The router's answer or a direct handler's.
    #[project = DispatchedProjection]
    pub enum Dispatched<F> {
        Router { #[pin] answer: F },
        Direct { answer: DirectAnswer },
    }
}

pin_project_lite::pin_project! {
    /// A routed request's answer, counted when it is ready.
    pub struct Counting<F> {
        #[pin]
        answer: Dispatched<F>,
        count: Option<(Arc<Table>, usize)>,
    }
}

impl<F, E> Future for Counting<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        let answer = match this.answer.project() {
            DispatchedProjection::Router { answer } => std::task::ready!(answer.poll(cx)),
            DispatchedProjection::Direct { answer } => {
                Ok(std::task::ready!(answer.as_mut().poll(cx)))
            }
        };
        if let (Ok(response), Some((table, index))) = (&answer, this.count.take()) {
            let route = &table.routes[index];
            match response.status() {
                StatusCode::OK => {
                    route.ok.inc();
                }
                status => table.state.metrics.request(route.pattern, status.as_u16()),
            }
        }
        Poll::Ready(answer)
    }
}

#[cfg(test)]
mod tests {
    use crate::{listen, route_table, AppState, Config};
    use std::net::SocketAddr;
    use std::sync::Arc;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// Serves `service` on a port of its own; its address.
    async fn serve<S>(service: S) -> SocketAddr
    where
        S: tower::Service<
                hyper::Request<hyper::body::Incoming>,
                Response = axum::response::Response,
                Error = std::convert::Infallible,
            > + Clone
            + Send
            + 'static,
        S::Future: Send + 'static,
    {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let connections = listen::Connections::default();
        tokio::spawn(async move {
            listen::run(listener, service, &connections, std::future::pending()).await
        });
        address
    }

    /// `request` over its own connection: the answer's status line, its headers but `date` in
    /// order of name (their order means nothing: the router's `content-length` comes before
    /// `connection`, hyper's after), and its body.
    async fn exchange(address: SocketAddr, request: &str) -> String {
        let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.unwrap();
        let answer = String::from_utf8_lossy(&answer);
        let (head, body) = answer.split_once("\r\n\r\n").expect("a whole answer");
        let mut lines: Vec<&str> = head.split("\r\n").collect();
        lines[1..].sort_unstable();
        lines.retain(|line| !line.starts_with("date: "));
        format!("{}\n\n{body}", lines.join("\n"))
    }

    fn post(extra_headers: &str, body: &str) -> String {
        format!(
            "POST /graphql HTTP/1.1\r\nhost: test\r\n{extra_headers}content-length: {}\r\n\
             connection: close\r\n\r\n{body}",
            body.len()
        )
    }

    fn state() -> AppState {
        let seed = bpgraph_seed::validate(&bpgraph_seed::SeedFiles::embedded()).unwrap();
        let graph = Arc::new(bpgraph_graph::KnowledgeGraph::new(seed));
        AppState::new(graph, Config::default())
    }

    /// The request counts of `state`, by route and status.
    fn request_counts(state: &AppState) -> Vec<String> {
        let mut counts: Vec<String> = state
            .metrics
            .render()
            .lines()
            .filter(|line| line.starts_with("bpgraph_http_requests_total{"))
            .map(str::to_owned)
            .collect();
        counts.sort_unstable();
        counts
    }

    #[tokio::test]
    async fn a_request_answered_directly_is_the_routers_answer_byte_for_byte() {
        // Two states, so each path sees its own cache go from miss to hit.
        let (direct_state, routed_state) = (state(), state());
        let direct = serve(super::dispatch(&direct_state, route_table())).await;
        let mut routed = super::dispatch(&routed_state, route_table());
        let table = Arc::get_mut(&mut routed.table).expect("not shared yet");
        table
            .routes
            .iter_mut()
            .for_each(|route| route.direct.clear());
        let routed = serve(routed).await;
        let json = "content-type: application/json\r\n";
        let query = r#"{"query":"{ entity(ref: \"turkiye\") { name } }"}"#;
        let get = |path: &str, headers: &str| {
            format!("GET {path} HTTP/1.1\r\nhost: test\r\n{headers}connection: close\r\n\r\n")
        };
        let in_url = "/graphql?query=%7B%20dataVersion%20%7D";
        let requests = [
            post(json, query),
            post(json, query),
            post(
                &format!("{json}accept: application/graphql-response+json\r\n"),
                r#"{"query":"{ nope }"}"#,
            ),
            post(json, r#"{"query": "#),
            post("content-type: text/plain\r\n", query),
            post(&format!("{json}accept: image/png\r\n"), query),
            post(&format!("{json}if-none-match: *\r\n"), query),
            get(in_url, ""),
            get(in_url, ""),
            get(in_url, "if-none-match: *\r\n"),
            get("/graphql?query=mutation%20%7B%20x%20%7D", ""),
            get("/graphql", "upgrade: websocket\r\nconnection: upgrade\r\n"),
            format!("HEAD {in_url} HTTP/1.1\r\nhost: test\r\nconnection: close\r\n\r\n"),
            "PUT /graphql HTTP/1.1\r\nhost: test\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                .to_owned(),
        ];
        for request in &requests {
            let direct_answer = exchange(direct, request).await;
            let routed_answer = exchange(routed, request).await;
            assert_eq!(direct_answer, routed_answer, "{request}");
        }
        // Counted by route and status whichever path answered.
        let counts = request_counts(&direct_state);
        assert_eq!(counts, request_counts(&routed_state));
        let graphql: Vec<&str> = counts
            .iter()
            .filter_map(|line| {
                line.strip_prefix(r#"bpgraph_http_requests_total{route="/graphql","#)
            })
            .collect();
        let expected = [
            r#"status="200"} 6"#,
            r#"status="304"} 1"#,
            r#"status="400"} 3"#,
            r#"status="405"} 2"#,
            r#"status="406"} 1"#,
            r#"status="415"} 1"#,
        ];
        assert_eq!(graphql, expected);
        // `HEAD` is answered as `GET`, without the body.
        let head = exchange(direct, &requests[12]).await;
        assert!(head.starts_with("HTTP/1.1 200 OK\n"), "{head}");
        assert!(
            head.contains("\ncontent-length: ") && head.ends_with("\n\n"),
            "{head}"
        );
    }
}
