//! `bpgraph probe`: asks a running server's `/ready` (or another path) over HTTP and exits 0
//! on a 200, so a container health check needs no curl in the image.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, Clone, clap::Args)]
pub struct ProbeArgs {
    /// The server's address (an unspecified one such as 0.0.0.0 means this machine).
    #[arg(long, env = "BPGRAPH_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// The path to ask.
    #[arg(long, default_value = "/ready")]
    pub path: String,
}

pub fn probe(args: &ProbeArgs) -> ExitCode {
    match status_of(args) {
        Ok(200) => ExitCode::SUCCESS,
        Ok(status) => {
            eprintln!("{} answered {status}", args.path);
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("cannot ask {}{}: {error}", args.bind, args.path);
            ExitCode::FAILURE
        }
    }
}

fn status_of(args: &ProbeArgs) -> std::io::Result<u16> {
    let mut address = args.bind;
    if address.ip().is_unspecified() {
        address.set_ip(match address.ip() {
            IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::LOCALHOST),
        });
    }
    let timeout = Duration::from_secs(3);
    let mut stream = TcpStream::connect_timeout(&address, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    write!(
        stream,
        "GET {} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n",
        args.path
    )?;
    let mut head = [0u8; 32];
    let read = stream.read(&mut head)?;
    // "HTTP/1.1 200 OK": the status is the second word of the first line.
    std::str::from_utf8(&head[..read])
        .ok()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|status| status.parse().ok())
        .ok_or_else(|| std::io::Error::other("the answer is not HTTP"))
}
