//! Fresh timestamps and nonces for real requests (feature `fresh`). The signer never calls these; the
//! caller does, and passes the values in, so signing stays a pure function.

/// A new nonce: 32 lower-case hex characters from 128 random bits (the SDKs send 32 hex characters).
pub fn fresh_nonce() -> String {
    let bytes: [u8; 16] = rand::random();
    crate::crypto::hex_lower(&bytes)
}

/// The current UTC time as `YYYY-MM-DDThh:mm:ssZ`, the format both signature versions use.
pub fn utc_timestamp_now() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonce_is_32_lower_hex_and_fresh() {
        let a = fresh_nonce();
        assert_eq!(a.len(), 32);
        assert!(
            a.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        );
        assert_ne!(a, fresh_nonce());
    }

    #[test]
    fn timestamp_parses_back() {
        let now = utc_timestamp_now();
        assert!(crate::Timestamp::parse(&now).is_some(), "{now}");
    }
}
