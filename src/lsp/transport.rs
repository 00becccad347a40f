//! JSON-RPC framing over byte streams (`Content-Length` headers), tolerant where lsp-server's own
//! stdio transport is not: its reader thread ends the session on the first malformed message,
//! while a server must answer a body that is not JSON with a parse error and read on. The
//! message types are lsp-server's.

use std::io::{self, BufRead, Write};
use std::sync::mpsc::Sender;

use lsp_server::{ErrorCode, Message};
use serde_json::{Value, json};

/// What the reader hands the server loop.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// A frame that could not be taken as a message: the error answer to send (JSON-RPC says a
    /// parse error or an invalid request is answered with a null id when no id can be read).
    Invalid(Value),
    /// The client closed its end (or the stream failed): the session is over.
    Closed,
}

/// The largest body accepted: a frame that claims more is refused without reading it into
/// memory (its bytes are skipped).
const MAX_BODY: usize = 256 * 1024 * 1024;

/// Read frames until the stream ends, sending each to the server loop; returns when the stream
/// ends or the loop has gone.
pub fn read_loop(mut input: impl BufRead, to_server: Sender<Incoming>) {
    loop {
        let incoming = match read_frame(&mut input) {
            Ok(Some(Frame::Body(body))) => parse(&body),
            Ok(Some(Frame::BadHeader(why))) => Incoming::Invalid(error_response(
                Value::Null,
                ErrorCode::ParseError,
                &format!("malformed header: {why}"),
            )),
            Ok(None) | Err(_) => {
                let _ = to_server.send(Incoming::Closed);
                return;
            }
        };
        let is_exit =
            matches!(&incoming, Incoming::Message(Message::Notification(n)) if n.method == "exit");
        if to_server.send(incoming).is_err() || is_exit {
            return;
        }
    }
}

enum Frame {
    Body(Vec<u8>),
    BadHeader(String),
}

fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Frame>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut raw = Vec::new();
    let mut saw_header = false;
    loop {
        raw.clear();
        if input.read_until(b'\n', &mut raw)? == 0 {
            return Ok(None);
        }
        // Bytes that are not UTF-8 make a header that is not Content-Length, not an IO error.
        let line = String::from_utf8_lossy(&raw);
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if saw_header {
                break;
            }
            // Blank lines between frames are skipped.
            continue;
        }
        saw_header = true;
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = Some(
                value
                    .trim()
                    .parse::<usize>()
                    .map_err(|_| format!("Content-Length `{}` is not a number", value.trim())),
            );
        }
    }
    match length {
        None => Ok(Some(Frame::BadHeader("no Content-Length".into()))),
        Some(Err(why)) => Ok(Some(Frame::BadHeader(why))),
        Some(Ok(n)) if n > MAX_BODY => {
            io::copy(&mut io::Read::take(&mut *input, n as u64), &mut io::sink())?;
            Ok(Some(Frame::BadHeader(format!(
                "a body of {n} bytes is too large"
            ))))
        }
        Some(Ok(n)) => {
            let mut body = vec![0; n];
            input.read_exact(&mut body)?;
            Ok(Some(Frame::Body(body)))
        }
    }
}

fn parse(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return Incoming::Invalid(error_response(
                Value::Null,
                ErrorCode::ParseError,
                &format!("not JSON: {e}"),
            ));
        }
    };
    let id = value.get("id").cloned().unwrap_or(Value::Null);
    match serde_json::from_value::<Message>(value) {
        Ok(message) => Incoming::Message(message),
        Err(e) => Incoming::Invalid(error_response(
            id,
            ErrorCode::InvalidRequest,
            &format!("not a JSON-RPC request, response or notification: {e}"),
        )),
    }
}

pub fn error_response(id: Value, code: ErrorCode, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code as i32, "message": message}})
}

/// Write one message as a frame.
pub fn write_message(out: &mut impl Write, message: &Message) -> io::Result<()> {
    message.write(out)
}

/// Write a raw JSON value as a frame (the answers lsp-server's types cannot spell: a null id).
pub fn write_value(out: &mut impl Write, value: &Value) -> io::Result<()> {
    let body = serde_json::to_string(value)?;
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    fn frames(parts: &[&str]) -> Vec<u8> {
        parts
            .iter()
            .flat_map(|p| format!("Content-Length: {}\r\n\r\n{p}", p.len()).into_bytes())
            .collect()
    }

    #[test]
    fn a_malformed_body_is_answered_and_reading_goes_on() {
        let mut bytes = frames(&["{not json", r#"{"jsonrpc":"2.0","id":3}"#]);
        bytes.extend(b"Content-Length: ten\xff\r\n\r\n");
        bytes.extend(frames(&[r#"{"jsonrpc":"2.0","method":"exit"}"#]));
        let (tx, rx) = channel();
        read_loop(&bytes[..], tx);
        let got: Vec<Incoming> = rx.into_iter().collect();
        assert_eq!(got.len(), 4, "{got:?}");
        let Incoming::Invalid(parse_error) = &got[0] else {
            panic!("{got:?}")
        };
        assert_eq!(parse_error["error"]["code"], -32700);
        assert_eq!(parse_error["id"], Value::Null);
        let Incoming::Invalid(invalid) = &got[1] else {
            panic!("{got:?}")
        };
        assert_eq!(invalid["error"]["code"], -32600);
        assert_eq!(invalid["id"], 3);
        assert!(matches!(&got[2], Incoming::Invalid(v) if v["error"]["code"] == -32700));
        assert!(
            matches!(&got[3], Incoming::Message(Message::Notification(n)) if n.method == "exit")
        );
    }

    #[test]
    fn a_stream_cut_mid_frame_ends_the_session() {
        let (tx, rx) = channel();
        read_loop(&b"Content-Length: 100\r\n\r\n{\"jsonrpc\""[..], tx);
        let got: Vec<Incoming> = rx.into_iter().collect();
        assert!(matches!(got.as_slice(), [Incoming::Closed]), "{got:?}");
    }
}
