//! Signing throughput for the peer comparison (`benches/compare/run.sh`): prints one JSON object
//! with the median nanoseconds per operation (5 runs) of our V1 and V3 signers on the
//! SubmitASRJob parameters of vector `tea_v1_SubmitASRJob_full`, and of their hashing floors.
#![allow(clippy::print_stdout, reason = "the measurement is the output")]

use std::hint::black_box;
use std::time::Instant;

use aliasr_sign::SigningSettings;
use hmac::{KeyInit, Mac};

const SECRET: &str = "TestAccessKeySecretExample0123456789";

fn median_ns(mut op: impl FnMut()) -> f64 {
    let mut iterations = 1_u64;
    loop {
        let start = Instant::now();
        for _ in 0..iterations {
            op();
        }
        if start.elapsed().as_millis() >= 200 {
            break;
        }
        iterations *= 2;
    }
    let mut runs: Vec<f64> = (0..5)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iterations {
                op();
            }
            start.elapsed().as_nanos() as f64 / iterations as f64
        })
        .collect();
    runs.sort_by(f64::total_cmp);
    runs[2]
}

fn main() {
    let Ok(case) = aliasr_benches::submit_asr_job_case() else {
        eprintln!("cannot load the official vector");
        std::process::exit(1);
    };
    let (request, credentials, string_to_sign) =
        (case.request, case.credentials, case.string_to_sign);
    let v1 = SigningSettings::v1();
    let v3 = SigningSettings::v3();
    let hmac_sha1 = median_ns(|| {
        let mut mac = hmac::Hmac::<sha1::Sha1>::new_from_slice(format!("{SECRET}&").as_bytes())
            .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        mac.update(black_box(string_to_sign.as_bytes()));
        black_box(mac.finalize());
    });
    let sha256_hmac = median_ns(|| {
        use sha2::Digest;
        // V3 hashes the ~1 kB canonical request, then HMACs the short string to sign.
        let digest = sha2::Sha256::digest(black_box(string_to_sign.as_bytes()));
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes())
            .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        mac.update(&digest);
        black_box(mac.finalize());
    });
    let ours_v1 = median_ns(|| {
        black_box(aliasr_sign::sign(black_box(&request), &credentials, &v1).ok());
    });
    let ours_v3 = median_ns(|| {
        black_box(aliasr_sign::sign(black_box(&request), &credentials, &v3).ok());
    });
    println!(
        "{{\"hmac_sha1_floor_ns\":{hmac_sha1:.1},\"sha256_hmac_floor_ns\":{sha256_hmac:.1},\"aliasr_v1_ns\":{ours_v1:.1},\"aliasr_v3_ns\":{ours_v3:.1},\"string_to_sign_bytes\":{}}}",
        string_to_sign.len()
    );
}
