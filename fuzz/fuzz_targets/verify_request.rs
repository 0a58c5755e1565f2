//! The verifier never panics, whatever arrives: arbitrary bytes are split at NUL bytes into
//! method, path, query, body and `name: value` header lines, then verified against a secret lookup
//! that knows every AccessKey ID (so parsing goes all the way to the signature check).
#![no_main]

use aliasr_sign::{Credentials, IncomingRequest, SignError, verify};
use libfuzzer_sys::fuzz_target;

fn lookup(access_key_id: &str) -> Option<Credentials> {
    let creds = Credentials::new(access_key_id, "fuzz-secret");
    // Keys named like STS keys carry a token, so the token checks run too.
    Some(if access_key_id.starts_with("STS.") {
        creds.with_security_token("fuzz-token")
    } else {
        creds
    })
}

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|&b| b == 0);
    let text = |part: Option<&[u8]>| String::from_utf8_lossy(part.unwrap_or_default()).into_owned();
    let method = text(parts.next());
    let path = text(parts.next());
    let query = text(parts.next());
    let body = parts.next().unwrap_or_default().to_vec();
    let lines: Vec<String> = parts
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    let headers: Vec<(&str, &str)> = lines
        .iter()
        .map(|line| {
            line.split_once(':')
                .map_or((line.as_str(), ""), |(n, v)| (n, v.trim()))
        })
        .collect();

    let request = IncomingRequest::new(&method, &path, &query, &body, &headers);
    match verify(&request, &lookup) {
        Ok(verified) => {
            let _ = format!("{verified:?}");
        }
        Err(SignError::SignatureMismatch(diagnostics)) => {
            let _ = format!("{diagnostics} {diagnostics:?}");
        }
        Err(error) => {
            let _ = error.to_string();
        }
    }
});
