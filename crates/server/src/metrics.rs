//! The Prometheus metrics served at `/metrics`: requests by route and status, GraphQL latency
//! per operation name, errors by code, the served graph's size and data version, reloads, and
//! open subscriptions.
//!
//! Label values never come straight from a client: routes are the router's patterns, codes are
//! our own, and operation names are GraphQL names taken from the parsed document, of which only
//! the first [`MAX_OPERATION_NAMES`] distinct ones get a series of their own.

use bpgraph_graph::KnowledgeGraph;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::collections::HashSet;
use std::sync::Mutex;
use std::time::Duration;

/// Operation names beyond this many distinct ones are counted under `other`, so a client
/// inventing names cannot grow the metrics without bound.
pub const MAX_OPERATION_NAMES: usize = 100;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteStatus {
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OperationLabel {
    operation: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CodeLabel {
    code: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct VersionLabel {
    version: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabel {
    outcome: &'static str,
}

/// Every metric of the server, registered once.
pub struct Metrics {
    registry: Registry,
    requests: Family<RouteStatus, Counter>,
    latency: Family<OperationLabel, Histogram>,
    errors: Family<CodeLabel, Counter>,
    entities: Gauge,
    statements: Gauge,
    data_version: Family<VersionLabel, Gauge>,
    reloads: Family<OutcomeLabel, Counter>,
    /// The two series of the response cache, looked up once: every request counts one.
    cache_hits: Counter,
    cache_misses: Counter,
    /// Open WebSocket connections for subscriptions, and subscriptions running on them.
    pub(crate) subscription_connections: Gauge,
    pub(crate) subscriptions: Gauge,
    operation_names: Mutex<HashSet<String>>,
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("bpgraph");
        let requests = Family::<RouteStatus, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route pattern and status",
            requests.clone(),
        );
        let latency = Family::<OperationLabel, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.0001, 2.0, 18))
        });
        registry.register(
            "graphql_operation_duration_seconds",
            "Time to check and execute one GraphQL operation, by operation name",
            latency.clone(),
        );
        let errors = Family::<CodeLabel, Counter>::default();
        registry.register(
            "errors",
            "Errors returned to clients, by code (GraphQL error codes and HTTP refusals)",
            errors.clone(),
        );
        let entities = Gauge::default();
        registry.register(
            "graph_entities",
            "Entities in the served graph",
            entities.clone(),
        );
        let statements = Gauge::default();
        registry.register(
            "graph_statements",
            "Statements in the served graph",
            statements.clone(),
        );
        let data_version = Family::<VersionLabel, Gauge>::default();
        registry.register(
            "data_version",
            "The served data version (a hash of the seed files) as a label; the value is 1",
            data_version.clone(),
        );
        let reloads = Family::<OutcomeLabel, Counter>::default();
        registry.register(
            "reloads",
            "Data reloads, by outcome: swapped, unchanged or failed",
            reloads.clone(),
        );
        let response_cache = Family::<OutcomeLabel, Counter>::default();
        registry.register(
            "response_cache",
            "Response cache lookups, by outcome: hit or miss",
            response_cache.clone(),
        );
        let series = |outcome| {
            response_cache
                .get_or_create(&OutcomeLabel { outcome })
                .clone()
        };
        let (cache_hits, cache_misses) = (series("hit"), series("miss"));
        let subscription_connections = Gauge::default();
        registry.register(
            "subscription_connections",
            "Open WebSocket connections for GraphQL subscriptions",
            subscription_connections.clone(),
        );
        let subscriptions = Gauge::default();
        registry.register(
            "subscriptions",
            "GraphQL subscriptions running on the open WebSocket connections",
            subscriptions.clone(),
        );
        Metrics {
            subscription_connections,
            subscriptions,
            registry,
            cache_hits,
            cache_misses,
            requests,
            latency,
            errors,
            entities,
            statements,
            data_version,
            reloads,
            operation_names: Mutex::new(HashSet::new()),
        }
    }

    /// The metrics in the Prometheus text format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)
            .expect("writing to a String cannot fail");
        out
    }

    pub fn request(&self, route: &str, status: u16) {
        self.requests(route, status).inc();
    }

    /// The series of one route's answers with one status, to count them without a look-up.
    pub fn requests(&self, route: &str, status: u16) -> Counter {
        let labels = RouteStatus {
            route: route.to_owned(),
            status,
        };
        self.requests.get_or_create(&labels).clone()
    }

    /// One GraphQL operation: `None` for an anonymous one.
    pub fn operation(&self, name: Option<&str>, took: Duration) {
        let operation = match name {
            None => "anonymous".to_owned(),
            Some(name) => {
                let mut known = self
                    .operation_names
                    .lock()
                    .unwrap_or_else(|e| e.into_inner());
                if known.contains(name) {
                    name.to_owned()
                } else if known.len() < MAX_OPERATION_NAMES {
                    known.insert(name.to_owned());
                    name.to_owned()
                } else {
                    "other".to_owned()
                }
            }
        };
        self.latency
            .get_or_create(&OperationLabel { operation })
            .observe(took.as_secs_f64());
    }

    pub fn error(&self, code: &str) {
        let labels = CodeLabel {
            code: code.to_owned(),
        };
        self.errors.get_or_create(&labels).inc();
    }

    /// The graph now served.
    pub fn serving(&self, graph: &KnowledgeGraph) {
        self.entities.set(graph.entity_count() as i64);
        self.statements.set(graph.statement_count() as i64);
        self.data_version.clear();
        let labels = VersionLabel {
            version: graph.version().to_owned(),
        };
        self.data_version.get_or_create(&labels).set(1);
    }

    pub fn response_cache(&self, hit: bool) {
        if hit {
            self.cache_hits.inc();
        } else {
            self.cache_misses.inc();
        }
    }

    pub fn reload(&self, outcome: &'static str) {
        self.reloads.get_or_create(&OutcomeLabel { outcome }).inc();
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_names_past_the_cap_share_one_series() {
        let metrics = Metrics::new();
        for i in 0..MAX_OPERATION_NAMES + 5 {
            metrics.operation(Some(&format!("Op{i}")), Duration::from_millis(1));
        }
        metrics.operation(Some("Op0"), Duration::from_millis(1));
        let text = metrics.render();
        assert!(text.contains(r#"operation="Op0""#));
        assert!(text.contains(r#"operation="other""#));
        assert!(!text.contains(&format!(r#"operation="Op{}""#, MAX_OPERATION_NAMES)));
    }

    #[test]
    fn only_the_current_data_version_is_reported() {
        let metrics = Metrics::new();
        let seed = bpgraph_seed::validate(&bpgraph_seed::SeedFiles::embedded()).unwrap();
        let graph = bpgraph_graph::KnowledgeGraph::new(seed);
        metrics.serving(&graph);
        metrics.serving(&graph);
        let text = metrics.render();
        assert_eq!(text.matches("bpgraph_data_version{").count(), 1, "{text}");
        assert!(text.contains(&format!("version=\"{}\"", graph.version())));
    }
}
