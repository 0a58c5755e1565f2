//! Options every command that talks to a service shares.

use clap::{Args, ValueEnum};

/// Connection and output options for the `asr`, `live` and `demo` commands.
#[derive(Debug, Clone, Args)]
pub(crate) struct GlobalArgs {
    /// Region id, e.g. cn-shanghai; decides the endpoints as the official SDK does.
    #[arg(
        long,
        global = true,
        env = "ALIBABA_CLOUD_REGION_ID",
        default_value = "cn-shanghai"
    )]
    pub(crate) region: String,
    /// One endpoint URL for both products (e.g. an `aliasr emulator` on http://127.0.0.1:PORT).
    #[arg(long, global = true, value_name = "URL", env = "ALIASR_ENDPOINT")]
    pub(crate) endpoint: Option<String>,
    /// Credentials profile (~/.aliyun/config.json or ~/.alibabacloud/credentials.ini).
    #[arg(long, global = true, value_name = "NAME")]
    pub(crate) profile: Option<String>,
    /// Which access key id of the chain to expect; an error if the chain yields another.
    #[arg(long, global = true, value_name = "ID")]
    pub(crate) access_key_id: Option<String>,
    /// Signature scheme: v3 (ACS3-HMAC-SHA256, the official SDK's default) or v1 (HMAC-SHA1).
    #[arg(long, global = true, value_enum, default_value_t = SignatureArg::V3)]
    pub(crate) signature: SignatureArg,
    /// Output: human text, or one JSON document on stdout (errors as JSON on stderr).
    #[arg(long, global = true, value_enum, default_value_t = OutputArg::Text)]
    pub(crate) output: OutputArg,
    /// More detail on stderr (repeat for more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,
    /// Only errors on stderr; no progress bars.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub(crate) quiet: bool,
}

/// `--signature`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SignatureArg {
    /// ACS3-HMAC-SHA256.
    V3,
    /// HMAC-SHA1 RPC.
    V1,
}

/// `--output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputArg {
    /// Human-readable text.
    Text,
    /// One JSON document.
    Json,
}
