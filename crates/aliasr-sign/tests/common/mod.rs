//! Loading the official vectors (captured from the official Python SDK code with the clock, nonce and
//! transport pinned) and small helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use serde_json::{Map, Value};

/// The vectors file: `../shared/vectors/` beside the workspace when present (the source of truth),
/// else the copy in the workspace's `testdata/vectors/`.
pub(crate) fn vectors_path() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = manifest.join("../../../shared/vectors/official-vectors.json");
    if shared.is_file() {
        shared
    } else {
        manifest.join("../../testdata/vectors/official-vectors.json")
    }
}

pub(crate) fn vectors() -> Vec<Value> {
    let path = vectors_path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let doc: Value = serde_json::from_str(&text).unwrap();
    let vectors = doc["vectors"].as_array().unwrap().clone();
    assert!(
        vectors.len() >= 6,
        "expected at least the 6 published vectors"
    );
    vectors
}

pub(crate) fn str_field<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{}: field {key} missing", v["name"]))
}

pub(crate) fn opt_str<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

pub(crate) fn object<'a>(v: &'a Value, key: &str) -> &'a Map<String, Value> {
    v[key]
        .as_object()
        .unwrap_or_else(|| panic!("{}: object {key} missing", v["name"]))
}

pub(crate) fn pairs(map: &Map<String, Value>) -> Vec<(String, String)> {
    map.iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect()
}

pub(crate) fn is_v1(v: &Value) -> bool {
    str_field(v, "signature_version").starts_with("V1")
}

/// `(host, raw query)` of a vector's `final_url`.
pub(crate) fn split_url(url: &str) -> (&str, &str) {
    let rest = url.strip_prefix("https://").unwrap();
    let (host, query) = rest
        .split_once("/?")
        .unwrap_or((rest.trim_end_matches('/'), ""));
    (host, query)
}

/// Raw keys of a query string, in order (the vector URLs use no encoded keys).
pub(crate) fn query_keys(query: &str) -> Vec<String> {
    query
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|s| s.split_once('=').map_or(s, |(k, _)| k).to_owned())
        .collect()
}
