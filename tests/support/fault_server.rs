//! A fake API server for the faults a real one cannot be made to show on demand: a 500, a
//! connection cut in the middle of an answer, an answer that comes too late. Everything else
//! (what the server says and stores) is tested against the real kube-apiserver in `tests/live`.
//!
//! Plain HTTP/1.1 on `127.0.0.1:0`, one thread per connection; every request gets the same
//! fault. The 500's body is the `Status` shape of a real kube-apiserver v1.36.2.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// What every request gets.
#[derive(Clone, Copy, Debug)]
pub enum Fault {
    /// `500 InternalError`, as an API server answers when etcd times out.
    InternalError,
    /// The status line, headers announcing a JSON body, half of it, then the connection closes.
    CutMidResponse,
    /// Nothing for this long, then a 500.
    Slow(Duration),
}

pub const INTERNAL_ERROR: &str = r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Internal error occurred: etcdserver: request timed out","reason":"InternalError","details":{"causes":[{"message":"etcdserver: request timed out"}]},"code":500}"#;

pub struct FaultServer {
    addr: SocketAddr,
    requests: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl FaultServer {
    pub fn start(fault: Fault) -> FaultServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("a local address");
        let requests = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (count, stopping) = (requests.clone(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let count = count.clone();
                std::thread::spawn(move || serve(stream, fault, &count));
            }
        });
        FaultServer {
            addr,
            requests,
            stop,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Requests seen so far (each got the fault).
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// A kubeconfig for this server: context `fake`, namespace `shop`.
    pub fn kubeconfig(&self, dir: &Path) -> PathBuf {
        let path = dir.join("kubeconfig");
        std::fs::write(&path, kubeconfig_for(&self.url())).expect("write the kubeconfig");
        path
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees `stop`.
        let _ = TcpStream::connect(self.addr);
    }
}

/// A kubeconfig whose one context (`fake`, namespace `shop`) points at `url` with a token.
pub fn kubeconfig_for(url: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster:\n    server: {url}\n\
         users:\n- name: fake-user\n  user:\n    token: fake-token\n\
         contexts:\n- name: fake\n  context:\n    cluster: fake\n    user: fake-user\n    \
         namespace: shop\ncurrent-context: fake\n"
    )
}

fn serve(stream: TcpStream, fault: Fault, count: &AtomicUsize) {
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    // One request per connection is enough: every answer but Slow's ends the connection.
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    count.fetch_add(1, Ordering::SeqCst);
    let answer = match fault {
        Fault::InternalError => full_500(),
        Fault::CutMidResponse => {
            let half = &INTERNAL_ERROR[..INTERNAL_ERROR.len() / 2];
            format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{half}",
                INTERNAL_ERROR.len()
            )
        }
        Fault::Slow(delay) => {
            std::thread::sleep(delay);
            full_500()
        }
    };
    let _ = writer.write_all(answer.as_bytes());
    let _ = writer.flush();
    let _ = writer.shutdown(std::net::Shutdown::Both);
}

fn full_500() -> String {
    format!(
        "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: \
         {}\r\nConnection: close\r\n\r\n{INTERNAL_ERROR}",
        INTERNAL_ERROR.len()
    )
}
