//! JSON-RPC over stdio with `Content-Length` framing (LSP's base protocol).
//!
//! `lsp-server` brings the message types; its reader ends the connection on
//! the first malformed message, and an editor that sends one bad payload
//! (or a plugin that writes garbage into the pipe) would lose its checks
//! for the rest of the session. Here a frame that cannot be read is
//! answered with a JSON-RPC parse error and the next frame is read as usual;
//! only a broken stream (its end, a header that never ends) ends the
//! session. A frame's size is bounded, so a hostile length cannot make the
//! server allocate gigabytes.

use std::io::{self, BufRead, Write};

use lsp_server::Message;

/// The largest message read: a script file is at most a few megabytes
/// (`max-file-size-mb`), and the whole text travels in one message.
pub const MAX_MESSAGE: usize = 64 << 20;

/// The longest header line accepted; headers are a few dozen bytes.
const MAX_HEADER_LINE: usize = 1024;

/// What the reader hands the main loop.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// A frame whose body is not a JSON-RPC message: answered with a parse
    /// error (code -32700), the connection goes on.
    Malformed(String),
}

/// The next frame of `input`; `Ok(None)` at the end of the stream.
pub fn read(input: &mut impl BufRead) -> io::Result<Option<Incoming>> {
    let mut length: Option<usize> = None;
    let mut line = Vec::new();
    let mut saw_header = false;
    loop {
        line.clear();
        let n = io::Read::take(&mut *input, MAX_HEADER_LINE as u64).read_until(b'\n', &mut line)?;
        if n == 0 {
            return if saw_header {
                Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the stream ended inside a message's headers",
                ))
            } else {
                Ok(None)
            };
        }
        if !line.ends_with(b"\n") {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "a header line longer than 1024 bytes",
            ));
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if saw_header {
                break;
            }
            continue; // stray blank lines between messages
        }
        saw_header = true;
        if let Some((name, value)) = text.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok();
            }
        }
    }
    let Some(length) = length else {
        return Ok(Some(Incoming::Malformed(
            "a message without a valid Content-Length header".into(),
        )));
    };
    if length > MAX_MESSAGE {
        // Skip the body so the next frame is read from its start.
        io::copy(
            &mut io::Read::take(&mut *input, length as u64),
            &mut io::sink(),
        )?;
        return Ok(Some(Incoming::Malformed(format!(
            "a message of {length} bytes, over the {} MiB limit",
            MAX_MESSAGE >> 20
        ))));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(match serde_json::from_slice::<Message>(&body) {
        Ok(message) => Incoming::Message(message),
        Err(e) => Incoming::Malformed(format!("not a JSON-RPC message: {e}")),
    }))
}

/// Write one message as a frame and flush it.
pub fn write(output: &mut impl Write, message: &Message) -> io::Result<()> {
    message.write(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    fn all(input: &str) -> Vec<Result<Incoming, String>> {
        let mut reader = io::BufReader::new(input.as_bytes());
        let mut out = Vec::new();
        loop {
            match read(&mut reader) {
                Ok(Some(m)) => out.push(Ok(m)),
                Ok(None) => break,
                Err(e) => {
                    out.push(Err(e.to_string()));
                    break;
                }
            }
        }
        out
    }

    #[test]
    fn a_malformed_frame_is_reported_and_the_next_one_read() {
        let ok = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let input = format!("{}{}{}", frame("{not json"), frame("[]"), frame(ok));
        let got = all(&input);
        assert_eq!(got.len(), 3);
        assert!(matches!(got[0], Ok(Incoming::Malformed(_))));
        assert!(matches!(got[1], Ok(Incoming::Malformed(_))));
        assert!(
            matches!(&got[2], Ok(Incoming::Message(Message::Request(r))) if r.method == "shutdown")
        );
    }

    #[test]
    fn chinese_bodies_are_counted_in_bytes() {
        let body = r#"{"jsonrpc":"2.0","method":"x","params":{"t":"您好𠮷"}}"#;
        let got = all(&frame(body));
        assert!(
            matches!(&got[0], Ok(Incoming::Message(Message::Notification(n))) if n.params["t"] == "您好𠮷")
        );
    }

    #[test]
    fn hostile_lengths_and_headers_are_bounded() {
        let ok = r#"{"jsonrpc":"2.0","method":"exit"}"#;
        // A huge announced length that the stream does not hold: an error, not an allocation.
        let huge = format!("Content-Length: {}\r\n\r\nabc", usize::MAX);
        assert!(matches!(all(&huge)[0], Ok(Incoming::Malformed(_))));
        let no_length = format!("Content-Type: x\r\n\r\n{}", frame(ok));
        let got = all(&no_length);
        assert!(matches!(got[0], Ok(Incoming::Malformed(_))));
        let long_header = format!("X: {}\r\n\r\n", "a".repeat(5000));
        assert!(all(&long_header)[0].is_err());
        assert!(all("Content-Length: 10\r\n").last().unwrap().is_err());
    }
}
