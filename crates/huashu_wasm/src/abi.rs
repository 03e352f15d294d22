//! The module's exports, for page/src/engine.js: the page writes a
//! request's UTF-8 bytes into memory it got from `huashu_alloc`, calls
//! `huashu_call`, and reads the answer's bytes at `huashu_answer_ptr`
//! (valid until the next call). One session per module instance.
//!
//! This is the crate's only unsafe code: raw pointers are the price of a
//! C ABI. Each function below says what it trusts the caller for.

use std::cell::RefCell;

use crate::Session;

thread_local! {
    /// The page's session, and the last answer (kept until the next call,
    /// so that JavaScript can copy it out).
    static STATE: RefCell<(Session, Vec<u8>)> = RefCell::new((Session::new(), Vec::new()));
}

/// Memory for `len` bytes of request, owned by the caller until it hands
/// it to `huashu_call`.
#[no_mangle]
pub extern "C" fn huashu_alloc(len: usize) -> *mut u8 {
    let mut buffer = Vec::<u8>::with_capacity(len);
    let ptr = buffer.as_mut_ptr();
    std::mem::forget(buffer);
    ptr
}

/// Answer the request in `ptr[..len]` (memory from `huashu_alloc(len)`,
/// freed here). Returns the answer's length in bytes.
///
/// # Safety
/// `ptr` must come from `huashu_alloc(len)` with this `len`, hold `len`
/// initialised bytes, and not be used again.
#[no_mangle]
pub unsafe extern "C" fn huashu_call(ptr: *mut u8, len: usize) -> usize {
    // SAFETY: the caller's promise above: this is huashu_alloc's buffer,
    // with `len` bytes written into it.
    let bytes = unsafe { Vec::from_raw_parts(ptr, len, len) };
    let request = String::from_utf8_lossy(&bytes);
    STATE.with(|state| {
        let mut state = state.borrow_mut();
        let answer = state.0.handle(&request).into_bytes();
        state.1 = answer;
        state.1.len()
    })
}

/// Where the last answer's bytes are (its length `huashu_call` returned).
#[no_mangle]
pub extern "C" fn huashu_answer_ptr() -> *const u8 {
    STATE.with(|state| state.borrow().1.as_ptr())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_round_trip_through_the_abi() {
        let request = br#"{"op":"check","path":"a.yaml","text":"id: x\n"}"#;
        let ptr = huashu_alloc(request.len());
        // SAFETY: `ptr` has room for the request; it is handed to huashu_call once.
        let len = unsafe {
            std::ptr::copy_nonoverlapping(request.as_ptr(), ptr, request.len());
            huashu_call(ptr, request.len())
        };
        // SAFETY: the answer lives until the next call, `len` bytes long.
        let answer = unsafe { std::slice::from_raw_parts(huashu_answer_ptr(), len) };
        let answer: serde_json::Value = serde_json::from_slice(answer).unwrap();
        assert_eq!(answer["path"], "a.yaml");
        assert!(answer["findings"].as_array().is_some_and(|f| !f.is_empty()));
    }
}
