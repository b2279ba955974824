//! The Prometheus metrics served at `/metrics`: requests by route and status, GraphQL latency
//! per operation name, errors by code, the served graph's size and data version, reloads, and
//! open subscriptions.
//!
//! Label values never come straight from a client: routes are the router's patterns, codes are
//! our own, and operation names are GraphQL names taken from the parsed document, of which the
//! [`MAX_OPERATION_NAMES`] most recently used have a series of their own ([`RecentNames`]):
//! the series of a name not used for longest is dropped to make room for a new one, so a
//! client inventing names can neither grow the metrics nor pin the first names seen forever.

use bpgraph_graph::KnowledgeGraph;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

/// Most operation names with a series of their own at once.
pub const MAX_OPERATION_NAMES: usize = 100;

/// The operation names that have a series, with when each was last used: a least-recently-used
/// set small enough (a hundred names) that finding the oldest by a scan costs less than
/// keeping an order, and a crate for it would not pay its way.
#[derive(Default)]
struct RecentNames {
    last_used: HashMap<String, u64>,
    clock: u64,
}

impl RecentNames {
    /// Marks `name` used; if it is new and the set is full, the name it replaces.
    fn touch(&mut self, name: &str) -> Option<String> {
        self.clock += 1;
        if let Some(used) = self.last_used.get_mut(name) {
            *used = self.clock;
            return None;
        }
        let evicted = (self.last_used.len() >= MAX_OPERATION_NAMES)
            .then(|| {
                let oldest = self.last_used.iter().min_by_key(|(_, used)| **used);
                oldest.map(|(name, _)| name.clone())
            })
            .flatten();
        if let Some(old) = &evicted {
            self.last_used.remove(old);
        }
        self.last_used.insert(name.to_owned(), self.clock);
        evicted
    }
}

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

/// Why a request was shed without being executed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShedReason {
    /// Too many requests were already waiting for a slot (or there are no slots).
    QueueFull,
    /// No slot came free within the longest wait.
    Waited,
}

impl ShedReason {
    fn label(self) -> &'static str {
        match self {
            ShedReason::QueueFull => "queue_full",
            ShedReason::Waited => "waited",
        }
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ShedLabel {
    reason: &'static str,
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
    queue_depth: Gauge,
    queue_wait: Histogram,
    shed: Family<ShedLabel, Counter>,
    inline: Counter,
    /// Open WebSocket connections for subscriptions, and subscriptions running on them.
    pub(crate) subscription_connections: Gauge,
    pub(crate) subscriptions: Gauge,
    operation_names: Mutex<RecentNames>,
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
        let queue_depth = Gauge::default();
        registry.register(
            "queue_depth",
            "Requests waiting for an execution slot now",
            queue_depth.clone(),
        );
        let queue_wait = Histogram::new(exponential_buckets(0.0001, 2.0, 16));
        registry.register(
            "queue_wait_seconds",
            "Time requests waited for an execution slot (0 when one was free)",
            queue_wait.clone(),
        );
        let shed = Family::<ShedLabel, Counter>::default();
        registry.register(
            "shed",
            "Requests refused with 503 for want of an execution slot, by reason: queue_full or waited",
            shed.clone(),
        );
        let inline = Counter::default();
        registry.register(
            "operations_inline",
            "GraphQL operations light enough to run at once, without an execution slot (`--inline-us`)",
            inline.clone(),
        );
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
            queue_depth,
            queue_wait,
            shed,
            inline,
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
            operation_names: Mutex::new(RecentNames::default()),
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
                let mut recent = self
                    .operation_names
                    .lock()
                    .unwrap_or_else(|e| e.into_inner());
                if let Some(operation) = recent.touch(name) {
                    // Its histogram starts again from zero if the name comes back, which
                    // Prometheus reads as a counter reset.
                    self.latency.remove(&OperationLabel { operation });
                }
                name.to_owned()
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

    pub fn queue_depth(&self, depth: usize) {
        self.queue_depth.set(depth as i64);
    }

    pub fn queue_wait(&self, waited: Duration) {
        self.queue_wait.observe(waited.as_secs_f64());
    }

    pub fn shed(&self, reason: ShedReason) {
        let reason = reason.label();
        self.shed.get_or_create(&ShedLabel { reason }).inc();
    }

    pub fn ran_inline(&self) {
        self.inline.inc();
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
    fn operation_names_keep_the_most_recently_used_series() {
        let metrics = Metrics::new();
        for i in 0..MAX_OPERATION_NAMES {
            metrics.operation(Some(&format!("Op{i}")), Duration::from_millis(1));
        }
        // Op0 is used again, so Op1 is now the one unused for longest.
        metrics.operation(Some("Op0"), Duration::from_millis(1));
        for i in 0..20_000 {
            metrics.operation(Some(&format!("Invented{i}")), Duration::from_millis(1));
        }
        metrics.operation(Some("Op1"), Duration::from_millis(1));
        let text = metrics.render();
        let series = text
            .matches("bpgraph_graphql_operation_duration_seconds_count{")
            .count();
        assert_eq!(series, MAX_OPERATION_NAMES, "{text}");
        assert!(
            text.contains(r#"operation="Op1""#),
            "a returning name has a series again"
        );
        assert!(text.contains(r#"operation="Invented19999""#));
        assert!(
            !text.contains(r#"operation="Op0""#),
            "evicted once unused for longest"
        );
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
