//! Signing cost against its floor: the whole V1 and V3 paths for SubmitASRJob (the seven API
//! parameters of the official vector `tea_v1_SubmitASRJob_full` plus the common parameters), and a
//! bare HMAC-SHA1 of that vector's string to sign. Goal: V1 within 2x of the bare HMAC.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use aliasr_sign::{Credentials, HttpMethod, SignableRequest, SigningSettings, sign};
use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::Value;
use sha1::Sha1;

const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../testdata/vectors/official-vectors.json"
);

struct Case {
    request: SignableRequest,
    credentials: Credentials,
    string_to_sign: String,
    signing_key: String,
    signature: String,
}

fn submit_asr_job_case() -> Case {
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(VECTORS).unwrap()).unwrap();
    let vector = doc["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "tea_v1_SubmitASRJob_full")
        .unwrap();
    let s = |v: &Value| v.as_str().unwrap().to_owned();
    let params = &vector["params"];
    let mut request = SignableRequest::new(
        HttpMethod::Post,
        s(&vector["host"]),
        s(&params["Action"]),
        s(&params["Version"]),
    )
    .with_timestamp(s(&params["Timestamp"]))
    .with_nonce(s(&params["SignatureNonce"]));
    request.params = vector["api_params"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), s(v)))
        .collect();
    assert_eq!(request.params.len(), 7);
    Case {
        credentials: Credentials::new(s(&vector["access_key_id"]), s(&vector["access_key_secret"])),
        request,
        string_to_sign: s(&vector["string_to_sign"]),
        signing_key: s(&vector["signing_key"]),
        signature: s(&vector["signature"]),
    }
}

fn bench_sign(c: &mut Criterion) {
    let case = submit_asr_job_case();
    let v1 = SigningSettings::v1();
    let v3 = SigningSettings::v3();
    // What is measured must be what the vector says.
    assert_eq!(
        sign(&case.request, &case.credentials, &v1)
            .unwrap()
            .signature(),
        case.signature
    );

    let mut group = c.benchmark_group("sign");
    group.bench_function("v1_submit_asr_job", |b| {
        b.iter(|| {
            sign(
                black_box(&case.request),
                black_box(&case.credentials),
                black_box(&v1),
            )
            .unwrap()
        })
    });
    group.bench_function("v3_submit_asr_job", |b| {
        b.iter(|| {
            sign(
                black_box(&case.request),
                black_box(&case.credentials),
                black_box(&v3),
            )
            .unwrap()
        })
    });
    group.bench_function("hmac_sha1_baseline", |b| {
        b.iter(|| {
            let mut mac =
                Hmac::<Sha1>::new_from_slice(black_box(case.signing_key.as_bytes())).unwrap();
            mac.update(black_box(case.string_to_sign.as_bytes()));
            mac.finalize().into_bytes()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_sign);
criterion_main!(benches);
