//! Thin wrappers over the RustCrypto primitives, so the rest of the crate never sees their types.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};

const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";

fn keyed<M: Mac + KeyInit>(key: &[u8]) -> M {
    // Invariant: HMAC accepts keys of any length, so `new_from_slice` never fails; the fallback (an
    // all-zero block-sized key) exists only to avoid a panic path and is never taken.
    <M as KeyInit>::new_from_slice(key).unwrap_or_else(|_| <M as KeyInit>::new(&Default::default()))
}

/// HMAC-SHA1 of `message` (V1).
pub(crate) fn hmac_sha1(key: &[u8], message: &[u8]) -> [u8; 20] {
    let mut mac = keyed::<Hmac<Sha1>>(key);
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// HMAC-SHA1 fed piece by piece, so the signer can hash each parameter's part of the string to
/// sign while it encodes the next one (the hash's latency then overlaps the encoding work).
pub(crate) struct HmacSha1Stream(Hmac<Sha1>);

impl HmacSha1Stream {
    pub(crate) fn new(key: &[u8]) -> Self {
        Self(keyed::<Hmac<Sha1>>(key))
    }

    pub(crate) fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    pub(crate) fn finalize(self) -> [u8; 20] {
        self.0.finalize().into_bytes().into()
    }
}

/// Constant-time check of a V1 signature (raw bytes) over `message`.
pub(crate) fn hmac_sha1_verify(key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let mut mac = keyed::<Hmac<Sha1>>(key);
    mac.update(message);
    mac.verify_slice(signature).is_ok()
}

/// HMAC-SHA256 of `message` (V3).
pub(crate) fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = keyed::<Hmac<Sha256>>(key);
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// Constant-time check of a V3 signature (raw bytes) over `message`.
pub(crate) fn hmac_sha256_verify(key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let mut mac = keyed::<Hmac<Sha256>>(key);
    mac.update(message);
    mac.verify_slice(signature).is_ok()
}

/// SHA-256 of `data`.
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// Appends the lower-case hex spelling of `bytes`.
pub(crate) fn push_hex_lower(out: &mut Vec<u8>, bytes: &[u8]) {
    out.reserve(bytes.len() * 2);
    for &b in bytes {
        out.push(HEX_LOWER[usize::from(b >> 4)]);
        out.push(HEX_LOWER[usize::from(b & 0x0f)]);
    }
}

/// Lower-case hex spelling of `bytes`.
pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len() * 2);
    push_hex_lower(&mut out, bytes);
    crate::encode::into_string(out)
}

/// Decodes hex of either case; `None` unless `text` is exactly `N` bytes of hex.
pub(crate) fn decode_hex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let bytes = text.as_bytes();
    if bytes.len() != 2 * N {
        return None;
    }
    let mut out = [0_u8; N];
    for (slot, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        let hi = char::from(pair[0]).to_digit(16)?;
        let lo = char::from(pair[1]).to_digit(16)?;
        // Both digits are < 16, so the value fits a byte.
        *slot = u8::try_from(hi * 16 + lo).ok()?;
    }
    Some(out)
}
