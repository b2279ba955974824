//! IRIs that work out of the box, checked on the real binary: without `--base-iri` the base is
//! the address bound (its real port when asked for port 0), so `/entity/turkiye` names IRIs
//! that dereference on this very server; binding an unspecified address without a base logs a
//! warning; a `--base-iri` given is used as it is.

use serde_json::Value;
use std::io::BufRead;
use std::sync::mpsc;
use std::time::Duration;

/// The binary serving with `args`, its bound address and its JSON log lines.
struct Running {
    child: std::process::Child,
    address: String,
    logs: mpsc::Receiver<Value>,
}

impl Running {
    fn start(args: &[&str]) -> Running {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_bpgraph"))
            .args(args)
            .arg("--log-json")
            .env("RUST_LOG", "info")
            .env_remove("BPGRAPH_BASE_IRI")
            .env_remove("BPGRAPH_BIND")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, logs) = mpsc::channel::<Value>();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let json = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
                if tx.send(json).is_err() {
                    break;
                }
            }
        });
        let mut running = Running {
            child,
            address: String::new(),
            logs,
        };
        // Lines logged while the server starts (the search index's, say) come first.
        running.address = loop {
            let message = running.message_of(running.next_line());
            if let Some(rest) = message.strip_prefix("listening on http://") {
                break rest.split('/').next().unwrap_or_default().to_owned();
            }
        };
        running
    }

    fn next_line(&self) -> Value {
        self.logs
            .recv_timeout(Duration::from_secs(60))
            .expect("a log line")
    }

    fn message_of(&self, line: Value) -> String {
        line["fields"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The port, with the host the server can be reached at from here.
    fn local_url(&self) -> String {
        let port = self.address.rsplit(':').next().unwrap();
        format!("http://127.0.0.1:{port}")
    }

    async fn turtle_of_turkiye(&self) -> Vec<oxrdf::Triple> {
        let body = reqwest::Client::new()
            .get(format!("{}/entity/turkiye", self.local_url()))
            .header("accept", "text/turtle")
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        oxttl::TurtleParser::new()
            .for_slice(&body)
            .collect::<Result<_, _>>()
            .expect("the Turtle parses")
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn without_a_base_iri_entities_are_named_on_the_port_bound() {
    let server = Running::start(&["serve", "--bind", "127.0.0.1:0"]);
    assert!(!server.address.ends_with(":0"), "{}", server.address);
    let base = format!("http://{}/", server.address);
    let triples = server.turtle_of_turkiye().await;
    let turkiye = format!("{base}entity/turkiye");
    assert!(
        triples
            .iter()
            .any(|t| t.subject.to_string() == format!("<{turkiye}>")),
        "no triple about {turkiye}: {triples:?}"
    );
    // The IRI dereferences: it is this server's own URL.
    let response = reqwest::Client::new()
        .get(&turkiye)
        .header("accept", "text/turtle")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    // No IRI of the graph is left on another port.
    let stray = triples
        .iter()
        .flat_map(|t| [t.subject.to_string(), t.object.to_string()])
        .find(|term| term.contains("/entity/") && !term.contains(&base));
    assert_eq!(stray, None);
}

#[tokio::test]
async fn an_unspecified_address_without_a_base_is_warned_about() {
    let server = Running::start(&["--bind", "0.0.0.0:0"]);
    let warning = loop {
        let line = server.next_line();
        if line["level"] == "WARN" {
            break line;
        }
    };
    let message = server.message_of(warning);
    assert!(message.starts_with("NO BASE IRI"), "{message}");
    assert!(message.contains("--base-iri"), "{message}");
}

#[tokio::test]
async fn a_base_iri_given_is_the_base() {
    let server = Running::start(&[
        "serve",
        "--bind",
        "127.0.0.1:0",
        "--base-iri",
        "https://example.org/bp",
    ]);
    let triples = server.turtle_of_turkiye().await;
    let named = "<https://example.org/bp/entity/turkiye>";
    assert!(
        triples.iter().any(|t| t.subject.to_string() == named),
        "{triples:?}"
    );
}
