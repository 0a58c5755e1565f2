//! Integration tests of aliasr-models against outside truth: the shared fixtures, the official
//! SDK vectors and the documentation samples; plus property tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod doc_samples;
mod fixtures;
mod properties;
mod requests;
mod strategies;
mod vectors;

use std::path::PathBuf;

/// `../shared/<sub>` beside the repository when present (the source of truth), else the copy in
/// `testdata/<sub>`.
pub(crate) fn shared_dir(sub: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = root.join("../shared").join(sub);
    if shared.is_dir() {
        shared
    } else {
        root.join("testdata").join(sub)
    }
}

pub(crate) fn fixture(name: &str) -> String {
    let path = shared_dir("fixtures").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

pub(crate) fn doc_sample(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}
