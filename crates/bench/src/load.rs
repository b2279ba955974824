//! The load generator: `connections` keep-alive HTTP/1.1 connections (hyper's client), each
//! sending the same request in a loop for a fixed time and checking every answer's status and
//! body against the expected bytes, so a fast error never counts as a fast answer.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

/// One request to send again and again, and the answer it must get.
#[derive(Clone)]
pub struct Target {
    pub address: SocketAddr,
    pub path: String,
    pub body: Bytes,
    pub expected: Bytes,
}

/// What a run measured.
pub struct Figures {
    pub requests: u64,
    pub wrong: u64,
    pub elapsed: Duration,
    /// Latencies in microseconds, sorted.
    latencies: Vec<u32>,
}

impl Figures {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    /// The latency at quantile `q` (0 to 1), in milliseconds.
    pub fn quantile_ms(&self, q: f64) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        let index = ((self.latencies.len() - 1) as f64 * q).round() as usize;
        f64::from(self.latencies[index]) / 1000.0
    }
}

/// Drives `target` from `connections` connections for `duration`.
pub async fn drive(target: &Target, connections: usize, duration: Duration) -> Figures {
    let started = Instant::now();
    let deadline = started + duration;
    let workers: Vec<_> = (0..connections)
        .map(|_| tokio::spawn(connection(target.clone(), deadline)))
        .collect();
    let mut figures = Figures {
        requests: 0,
        wrong: 0,
        elapsed: Duration::ZERO,
        latencies: Vec::new(),
    };
    for worker in workers {
        let (latencies, wrong) = worker.await.expect("a load worker does not panic");
        figures.requests += latencies.len() as u64;
        figures.wrong += wrong;
        figures.latencies.extend(latencies);
    }
    figures.elapsed = started.elapsed();
    figures.latencies.sort_unstable();
    figures
}

/// One request's answer body (a 200 is required).
pub async fn fetch(target: &Target) -> Bytes {
    let stream = tokio::net::TcpStream::connect(target.address)
        .await
        .expect("the server accepts connections");
    let (mut sender, driver) = http1::handshake(TokioIo::new(stream))
        .await
        .expect("HTTP/1.1 handshake");
    tokio::spawn(driver);
    let response = sender
        .send_request(request(target))
        .await
        .expect("an answer");
    assert_eq!(response.status(), hyper::StatusCode::OK, "{}", target.path);
    response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes()
}

fn request(target: &Target) -> hyper::Request<Full<Bytes>> {
    hyper::Request::post(target.path.as_str())
        .header("host", "bench")
        .header("content-type", "application/json")
        .header("accept", "application/json")
        .body(Full::new(target.body.clone()))
        .expect("a valid request")
}

/// One connection's loop: its latencies (µs) of right answers and its count of wrong ones.
async fn connection(target: Target, deadline: Instant) -> (Vec<u32>, u64) {
    let stream = tokio::net::TcpStream::connect(target.address)
        .await
        .expect("the server accepts connections");
    stream.set_nodelay(true).expect("TCP_NODELAY");
    let (mut sender, driver) = http1::handshake(TokioIo::new(stream))
        .await
        .expect("HTTP/1.1 handshake");
    tokio::spawn(driver);
    let mut latencies = Vec::with_capacity(1 << 16);
    let mut wrong = 0;
    while Instant::now() < deadline {
        let sent = Instant::now();
        let Ok(response) = sender.send_request(request(&target)).await else {
            wrong += 1;
            break;
        };
        let ok = response.status() == hyper::StatusCode::OK;
        let body = match response.into_body().collect().await {
            Ok(body) => body.to_bytes(),
            Err(_) => {
                wrong += 1;
                break;
            }
        };
        if ok && body == target.expected {
            latencies.push(sent.elapsed().as_micros().min(u128::from(u32::MAX)) as u32);
        } else {
            wrong += 1;
        }
    }
    (latencies, wrong)
}
