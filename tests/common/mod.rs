//! The server under test: the real router on a real socket (port 0), in-process.

#![allow(dead_code)] // each test crate uses part of it

use bpgraph_server::{self as http, AppState, Config};
use serde_json::Value;
use std::sync::Arc;
use tokio::sync::oneshot;

pub struct Server {
    pub base: String,
    pub address: std::net::SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    running: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    pub client: reqwest::Client,
}

impl Server {
    pub async fn start() -> Server {
        Server::with_config(Config::default()).await
    }

    pub async fn with_config(config: Config) -> Server {
        let graph = Arc::new(bpgraph::load_embedded().expect("the embedded seed loads"));
        Server::with_state(AppState::new(graph, config)).await
    }

    /// Serves `state`; the test keeps a clone to act on the server (e.g. reload its data).
    pub async fn with_state(state: AppState) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (tx, rx) = oneshot::channel::<()>();
        let connections = state.config().connections.clone();
        let app = http::app(state);
        let running = tokio::spawn(async move {
            http::run(listener, app, &connections, async {
                let _ = rx.await;
            })
            .await
        });
        Server {
            base: format!("http://{address}"),
            address,
            shutdown: Some(tx),
            running: Some(running),
            client: reqwest::Client::new(),
        }
    }

    /// POSTs a JSON body to `/graphql`; the status and the JSON answer.
    pub async fn post(&self, body: &Value) -> (u16, Value) {
        let response = self
            .client
            .post(format!("{}/graphql", self.base))
            .json(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }
}

impl Server {
    /// Signals shutdown, as SIGTERM does; the server stops accepting and drains.
    pub fn begin_shutdown(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }

    /// Waits until the server has stopped (after `begin_shutdown`).
    pub async fn stopped(&mut self) -> std::io::Result<()> {
        match self.running.take() {
            Some(running) => running.await.expect("the server task does not panic"),
            None => Ok(()),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
pub mod hostile;

/// The exit status of `child` once it has exited, waiting at most `patience` (a bound on the
/// wait, not a timing assertion); `None` if it had not, and then it is killed.
pub async fn exit_status(
    mut child: std::process::Child,
    patience: std::time::Duration,
) -> Option<std::process::ExitStatus> {
    tokio::task::spawn_blocking(move || {
        let started = std::time::Instant::now();
        while started.elapsed() < patience {
            if let Some(status) = child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        None
    })
    .await
    .unwrap()
}

/// The server binary, started with `args` (and `--log-json`) and `env`, its log on a pipe:
/// the child and the lines of its log.
pub fn spawn_binary(
    args: &[&str],
    env: &[(&str, &str)],
) -> (
    std::process::Child,
    std::io::Lines<std::io::BufReader<std::process::ChildStdout>>,
) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_bpgraph"))
        .args(args)
        .arg("--log-json")
        .env("RUST_LOG", "info")
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    (child, lines)
}

/// The address in the first log line whose message starts with `prefix` (`http://ADDR/…`).
pub fn address_after(
    lines: &mut impl Iterator<Item = std::io::Result<String>>,
    prefix: &str,
) -> String {
    for line in lines {
        let line: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let message = line["fields"]["message"].as_str().unwrap_or_default();
        if let Some(rest) = message.strip_prefix(prefix) {
            return rest.split('/').next().unwrap().to_owned();
        }
    }
    panic!("the server logged no line starting with {prefix:?}");
}

/// Sends `signal` (`"TERM"`, `"HUP"`) to the process `pid`, as an orchestrator or an operator
/// would.
pub fn send_signal(pid: u32, signal: &str) {
    let sent = std::process::Command::new("kill")
        .args([format!("-{signal}"), pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success(), "kill -{signal} {pid}");
}
