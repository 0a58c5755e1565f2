//! What the commands that call a service share: the runtime, the client built from the global
//! options, and the mapping from client errors to exit statuses.

use aliasr_client::credentials::{
    CredentialsChain, CredentialsError, Environment, ProvideCredentials, ProvideFuture,
};
use aliasr_client::{Client, Error, RateLimits, SignatureVersion};
use anyhow::anyhow;

use crate::exit::{CliError, FailureKind};
use crate::global::{GlobalArgs, OutputArg, SignatureArg};

/// A multi-threaded tokio runtime for one command.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::input(anyhow!("starting the async runtime: {e}")))
}

/// Sends tracing output to stderr: warnings by default, more with -v, errors only with -q.
pub(crate) fn init_logging(global: &GlobalArgs) {
    let level = if global.quiet {
        "error"
    } else {
        match global.verbose {
            0 => "warn",
            1 => "info",
            _ => "debug",
        }
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("ALIASR_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}

/// The client the global options describe, with credentials from the standard chain.
pub(crate) fn build_client(global: &GlobalArgs) -> Result<Client, CliError> {
    build_client_with(global, RateLimits::default())
}

/// [`build_client`] with other client-side rate limits (a batch on an account with a higher quota).
pub(crate) fn build_client_with(
    global: &GlobalArgs,
    limits: RateLimits,
) -> Result<Client, CliError> {
    let chain =
        CredentialsChain::default_chain(&Environment::from_process(), global.profile.as_deref());
    let credentials = ExpectKeyId {
        inner: chain,
        expected: global.access_key_id.clone(),
    };
    let mut builder = Client::builder()
        .rate_limits(limits)
        .region(global.region.clone())
        .credentials(credentials)
        .signature_version(match global.signature {
            SignatureArg::V3 => SignatureVersion::V3,
            SignatureArg::V1 => SignatureVersion::V1,
        });
    if let Some(endpoint) = &global.endpoint {
        builder = builder.endpoint(endpoint.clone());
    }
    builder
        .build()
        .map_err(|e| CliError::usage(anyhow::Error::new(e)).in_json(json(global)))
}

/// Whether output is JSON.
pub(crate) fn json(global: &GlobalArgs) -> bool {
    global.output == OutputArg::Json
}

/// Maps a client error to the exit status it deserves.
pub(crate) fn client_error(error: Error, global: &GlobalArgs) -> CliError {
    let kind = match &error {
        Error::Credentials(_) => FailureKind::Credentials,
        Error::WaitTimeout { .. } => FailureKind::Timeout,
        Error::Validation(_) | Error::Config(_) => FailureKind::Usage,
        _ => FailureKind::Input,
    };
    CliError::new(kind, error).in_json(json(global))
}

/// The chain, checked against `--access-key-id` when given.
#[derive(Debug)]
struct ExpectKeyId {
    inner: CredentialsChain,
    expected: Option<String>,
}

impl ProvideCredentials for ExpectKeyId {
    fn name(&self) -> &'static str {
        "default"
    }

    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(async move {
            let credentials = self.inner.provide().await?;
            match &self.expected {
                Some(expected) if credentials.access_key_id() != expected => {
                    Err(CredentialsError::Failed(format!(
                        "the credentials chain gave AccessKey {}, not the --access-key-id {expected}",
                        credentials.access_key_id()
                    )))
                }
                _ => Ok(credentials),
            }
        })
    }
}
