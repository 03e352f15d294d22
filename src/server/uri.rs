//! `file:` URIs and paths, both ways. Bank repositories name files in
//! Chinese (`scripts/挂失.yaml`), which editors send percent-encoded
//! (`%E6%8C%82`); a path must come back to the editor encoded the same way,
//! or it opens a second, empty buffer.

use std::ffi::OsString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::Uri;

/// The local path a `file:` URI names; `None` for other schemes (an
/// unsaved buffer's `untitled:`) and for another host's files.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let (host, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => return None,
    };
    if !(host.is_empty() || host.eq_ignore_ascii_case("localhost")) {
        return None;
    }
    // No query or fragment belongs to a file's name.
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let bytes = decode(path)?;
    Some(PathBuf::from(OsString::from_vec(bytes)))
}

/// The `file:` URI of an absolute path.
pub fn from_path(path: &Path) -> Uri {
    let mut out = String::from("file://");
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&out).expect("a percent-encoded path is a valid URI")
}

/// Percent-decoding; `None` for a broken escape.
fn decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_round_trip() {
        let path = Path::new("/work/银行 话术/scripts/挂失#1.yaml");
        let uri = from_path(path);
        assert_eq!(
            uri.as_str(),
            "file:///work/%E9%93%B6%E8%A1%8C%20%E8%AF%9D%E6%9C%AF/scripts/%E6%8C%82%E5%A4%B1%231.yaml"
        );
        assert_eq!(to_path(&uri).unwrap(), path);
    }

    #[test]
    fn editors_spellings_are_read() {
        let uri = |s: &str| Uri::from_str(s).unwrap();
        assert_eq!(
            to_path(&uri("file://localhost/a/%e6%8c%82.yaml")).unwrap(),
            Path::new("/a/挂.yaml")
        );
        assert_eq!(
            to_path(&uri("file:///a/b.yaml")).unwrap(),
            Path::new("/a/b.yaml")
        );
        assert!(to_path(&uri("untitled:Untitled-1")).is_none());
        assert!(to_path(&uri("file://server/share/a.yaml")).is_none());
        assert!(decode("/a/%zz.yaml").is_none());
        assert!(decode("/a/%e6").is_some());
    }
}
