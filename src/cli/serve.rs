//! `bpgraph serve`: logging, the async runtime, the listener (and the probe port's, with
//! `--probe-listen`), hot reload of `--data`, and shutdown on SIGINT/SIGTERM after in-flight
//! requests finish.

use super::log_writer::{Flush, LogWriter};
use super::{read_seed, report, ServeArgs};
use crate::reload::Reloader;
use bpgraph_model::iri::BaseIri;
use bpgraph_server::probes::ProbeServer;
use bpgraph_server::{self as http, AppState};
use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

pub fn serve(data: Option<PathBuf>, args: ServeArgs) -> ExitCode {
    // Held until `serve` returns: dropping it writes the lines still pending.
    let (_logs, access_log) = match init_logging(args.log_json) {
        Ok(logging) => logging,
        Err(error) => {
            eprintln!("cannot start the log writer: {error}");
            return ExitCode::FAILURE;
        }
    };
    let graph = match read_seed(data.clone()) {
        Ok(graph) => Arc::new(graph),
        Err(error) => {
            report(&error);
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(args.bind).await {
            Ok(listener) => listener,
            Err(error) => {
                eprintln!("cannot listen on {}: {error}", args.bind);
                return ExitCode::FAILURE;
            }
        };
        // Every signal the server answers is registered before it says it is listening: a
        // SIGTERM or SIGHUP that arrived before its handler would take the default action and
        // kill the process.
        let stop = match StopSignals::register() {
            Ok(stop) => stop,
            Err(error) => {
                eprintln!("cannot register the shutdown signals: {error}");
                return ExitCode::FAILURE;
            }
        };
        let address = listener.local_addr().unwrap_or(args.bind);
        let mut config = args.config;
        config.access_log = access_log;
        let derived = args.base_iri.is_none();
        config.base_iri = base_iri(args.base_iri, address);
        let base_iri = config.base_iri.clone();
        let connections = config.connections.clone();
        let state = AppState::new(graph.clone(), config);
        if let Some(dir) = data {
            if let Err(error) = start_reloading(Reloader::new(dir, state.clone()), args.watch) {
                eprintln!("cannot watch the data directory: {error}");
                return ExitCode::FAILURE;
            }
        }
        tracing::info!(
            entities = graph.entity_count(),
            statements = graph.statement_count(),
            data_version = graph.version(),
            base_iri = base_iri.as_str(),
            "listening on http://{address}/graphql (GraphiQL at http://{address}/graphiql)"
        );
        if derived && base_iri.is_unspecified() {
            tracing::warn!(
                base_iri = base_iri.as_str(),
                "NO BASE IRI: listening on an unspecified address, so the graph's IRIs \
                 ({base_iri}entity/…) reach no one outside this host; set --base-iri or \
                 BPGRAPH_BASE_IRI to the server's public URL",
            );
        }
        let probes = match args
            .probe_listen
            .map(|address| serve_probes(address, &state))
        {
            Some(Ok(probes)) => Some(probes),
            Some(Err(error)) => {
                eprintln!("{error}");
                return ExitCode::FAILURE;
            }
            None => None,
        };
        let draining = state.clone();
        let drain = connections.drain();
        let shutdown = async move {
            let signal = stop.recv().await;
            draining.begin_shutdown();
            if signal == Signal::Terminate && !drain.is_zero() {
                // A load balancer's readiness check now sees 503 and stops sending new
                // requests; until it has, requests still arrive and are answered.
                tracing::info!(
                    drain_ms = drain.as_millis() as u64,
                    "draining: /ready answers 503"
                );
                tokio::time::sleep(drain).await;
            }
            tracing::info!("shutting down: no new connections, finishing in-flight requests");
        };
        let served = http::run(listener, http::app(state), &connections, shutdown).await;
        // The probe port answers until the main one has stopped, so `/ready` says 503 to the
        // end of the drain; then it stops too.
        let probes_stopped = probes.map_or(Ok(()), ProbeServer::stop);
        match served.and(probes_stopped) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("server error: {error}");
                ExitCode::FAILURE
            }
        }
    })
}

/// Binds `--probe-listen` and serves the probe routes there, on a thread of their own.
fn serve_probes(address: SocketAddr, state: &AppState) -> Result<ProbeServer, String> {
    let listener = std::net::TcpListener::bind(address)
        .map_err(|error| format!("cannot listen on {address} for probes: {error}"))?;
    let probes = http::probes::spawn(listener, state.clone())
        .map_err(|error| format!("cannot serve probes on {address}: {error}"))?;
    let bound = probes.address();
    tracing::info!("probes on http://{bound}/health (and /ready, /metrics)");
    Ok(probes)
}

/// The configured base, or `http://{address}/` of the address bound (its real port when the
/// bind asked for port 0), so that IRIs dereference on this server out of the box.
fn base_iri(configured: Option<BaseIri>, address: SocketAddr) -> BaseIri {
    configured.unwrap_or_else(|| BaseIri::for_address(address))
}

/// Logs to stdout, one line per event, written off the request path (see `log_writer`).
/// Returns the guard that writes the lines still pending when dropped, and the access log
/// writing into the same buffer (the edge formats its lines itself: see `access_log`).
fn init_logging(json: bool) -> std::io::Result<(Flush, http::AccessLog)> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        // tantivy reports each index commit at `info`: noise in a request log.
        .unwrap_or_else(|_| "info,tower_http=info,tantivy=warn".into());
    let (writer, flush) = LogWriter::spawn(std::io::stdout())?;
    let access_log = http::AccessLog::new(
        Arc::new(writer.clone()),
        if json {
            http::LogFormat::Json
        } else {
            http::LogFormat::Text
        },
    );
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(std::io::stdout().is_terminal());
    if json {
        logs.json().with_current_span(true).init();
    } else {
        logs.init();
    }
    Ok((flush, access_log))
}

/// Reloads on SIGHUP and, if `watch`, on file changes; the tasks live as long as the runtime.
fn start_reloading(reloader: Reloader, watch: bool) -> Result<(), String> {
    #[cfg(unix)]
    reloader.on_sighup().map_err(|e| e.to_string())?;
    if watch {
        reloader.watch().map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// What asked the server to stop.
#[derive(Debug, PartialEq)]
enum Signal {
    /// Ctrl-C: someone at a terminal, who wants it stopped now.
    Interrupt,
    /// SIGTERM: an orchestrator, which expects a drain first.
    Terminate,
}

/// The handlers of Ctrl-C and SIGTERM, registered from [`StopSignals::register`] on.
struct StopSignals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl StopSignals {
    #[cfg(unix)]
    fn register() -> std::io::Result<StopSignals> {
        use tokio::signal::unix::{signal, SignalKind};
        Ok(StopSignals {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    #[cfg(not(unix))]
    fn register() -> std::io::Result<StopSignals> {
        Ok(StopSignals {})
    }

    /// Completes on the first Ctrl-C or SIGTERM, saying which.
    #[cfg(unix)]
    async fn recv(mut self) -> Signal {
        tokio::select! {
            _ = self.interrupt.recv() => Signal::Interrupt,
            _ = self.terminate.recv() => Signal::Terminate,
        }
    }

    #[cfg(not(unix))]
    async fn recv(self) -> Signal {
        let _ = tokio::signal::ctrl_c().await;
        Signal::Interrupt
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_probe_address_in_use_is_refused_with_a_message() {
        let graph = Arc::new(crate::load_embedded().expect("the embedded seed loads"));
        let state = AppState::new(graph, http::Config::default());
        let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = taken.local_addr().unwrap();
        let Err(error) = serve_probes(address, &state) else {
            panic!("a second listener on {address}");
        };
        assert!(
            error.starts_with(&format!("cannot listen on {address} for probes: ")),
            "{error}"
        );
    }
}
