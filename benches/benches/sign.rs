//! Signing cost against its floor: the whole V1 and V3 paths for SubmitASRJob (the seven API
//! parameters of the official vector `tea_v1_SubmitASRJob_full` plus the common parameters), and a
//! bare HMAC-SHA1 of that vector's string to sign. Goal: V1 within 2x of the bare HMAC.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use aliasr_benches::SigningCase;
use aliasr_sign::{SigningSettings, sign};
use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

fn submit_asr_job_case() -> SigningCase {
    aliasr_benches::submit_asr_job_case().unwrap()
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
