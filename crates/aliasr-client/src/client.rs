//! The client: configuration, and the one path every call takes
//! (pace → credentials → sign → send → classify → maybe retry).

use std::sync::Arc;
use std::time::Duration;

use aliasr_models::{
    GetSmartHandleJobRequest, GetSmartHandleJobResponse, Operation, Product,
    QueryRtcAsrTasksRequest, QueryRtcAsrTasksResponse, RealTimeRecordCommandRequest,
    RealTimeRecordCommandResponse, ServiceError, SubmitAsrJobRequest, SubmitAsrJobResponse,
};
use aliasr_sign::{SignableRequest, SigningSettings};
use tracing::Instrument;

use crate::credentials::{CredentialsChain, Environment, ProvideCredentials};
use crate::endpoint::{Network, resolve_endpoint};
use crate::error::{Error, ServiceFailure, TransportKind};
use crate::rate_limit::{RateLimiter, RateLimits};
use crate::retry::{RetryPolicy, Verdict, classify_answer};

/// Which signature scheme requests use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum SignatureVersion {
    /// ACS3-HMAC-SHA256, the current official SDK's default.
    #[default]
    V3,
    /// The classic RPC HMAC-SHA1.
    V1,
}

/// Configures a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    region: String,
    network: Network,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    ice_endpoint: Option<String>,
    live_endpoint: Option<String>,
    allow_plain_http: bool,
    signature: SignatureVersion,
    connect_timeout: Duration,
    read_timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    rate_limits: RateLimits,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            region: "cn-shanghai".into(),
            network: Network::Public,
            credentials: None,
            ice_endpoint: None,
            live_endpoint: None,
            allow_plain_http: false,
            signature: SignatureVersion::V3,
            connect_timeout: Duration::from_secs(5),
            read_timeout: Duration::from_secs(10),
            user_agent: format!("aliasr/{} (Rust)", env!("CARGO_PKG_VERSION")),
            retry: RetryPolicy::default(),
            rate_limits: RateLimits::default(),
        }
    }
}

impl ClientBuilder {
    /// The region (default `cn-shanghai`); decides the endpoints unless overridden.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
        self
    }

    /// Public (default) or VPC endpoints.
    pub fn network(mut self, network: Network) -> Self {
        self.network = network;
        self
    }

    /// Where credentials come from (default: the standard chain from the process environment).
    pub fn credentials(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// One endpoint URL for both products, e.g. `http://127.0.0.1:8080` for an emulator.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        let url = url.into();
        self.ice_endpoint = Some(url.clone());
        self.live_endpoint = Some(url);
        self
    }

    /// An endpoint URL for one product.
    pub fn product_endpoint(mut self, product: Product, url: impl Into<String>) -> Self {
        match product {
            Product::Live => self.live_endpoint = Some(url.into()),
            _ => self.ice_endpoint = Some(url.into()),
        }
        self
    }

    /// Allow `http://` endpoints that are not loopback (they expose signed requests).
    pub fn allow_plain_http(mut self, allow: bool) -> Self {
        self.allow_plain_http = allow;
        self
    }

    /// V3 (default) or V1 signing.
    pub fn signature_version(mut self, version: SignatureVersion) -> Self {
        self.signature = version;
        self
    }

    /// Connect and read timeouts (default 5 s and 10 s, as the official SDK).
    pub fn timeouts(mut self, connect: Duration, read: Duration) -> Self {
        self.connect_timeout = connect;
        self.read_timeout = read;
        self
    }

    /// The User-Agent header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Retry policy (default: 4 attempts, 200 ms base, 20 s cap).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Client-side rate limits (default: the documented quotas).
    pub fn rate_limits(mut self, limits: RateLimits) -> Self {
        self.rate_limits = limits;
        self
    }

    /// Builds the client. Fails on an unusable endpoint URL.
    pub fn build(self) -> Result<Client, Error> {
        let ice = self.endpoint_for(Product::Ice, self.ice_endpoint.as_deref())?;
        let live = self.endpoint_for(Product::Live, self.live_endpoint.as_deref())?;
        let http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .read_timeout(self.read_timeout)
            .timeout(self.connect_timeout + self.read_timeout)
            .build()
            .map_err(|e| Error::Config(format!("building the HTTP client: {e}")))?;
        let credentials = self.credentials.unwrap_or_else(|| {
            Arc::new(CredentialsChain::default_chain(
                &Environment::from_process(),
                None,
            ))
        });
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                credentials,
                ice,
                live,
                signature: self.signature,
                user_agent: self.user_agent,
                retry: self.retry,
                limiter: RateLimiter::new(self.rate_limits),
            }),
        })
    }

    fn endpoint_for(&self, product: Product, url: Option<&str>) -> Result<Endpoint, Error> {
        let Some(url) = url else {
            if self.region.is_empty() {
                return Err(Error::Config(
                    "RegionId is empty, please set a valid RegionId".into(),
                ));
            }
            let host = resolve_endpoint(product, &self.region, self.network);
            return Ok(Endpoint {
                base: format!("https://{host}"),
                host,
            });
        };
        let parsed = reqwest::Url::parse(url)
            .map_err(|e| Error::Config(format!("endpoint `{url}` is not a URL: {e}")))?;
        let host_name = parsed
            .host_str()
            .ok_or_else(|| Error::Config(format!("endpoint `{url}` has no host")))?;
        match parsed.scheme() {
            "https" => {}
            "http" => {
                let loopback = host_name == "localhost"
                    || host_name
                        .trim_matches(['[', ']'])
                        .parse::<std::net::IpAddr>()
                        .is_ok_and(|ip| ip.is_loopback());
                if !loopback && !self.allow_plain_http {
                    return Err(Error::Config(format!(
                        "endpoint `{url}` uses plain http on a non-loopback host; use https or allow it explicitly"
                    )));
                }
            }
            other => {
                return Err(Error::Config(format!(
                    "endpoint `{url}`: unsupported scheme `{other}`"
                )));
            }
        }
        let host = match parsed.port() {
            Some(port) => format!("{host_name}:{port}"),
            None => host_name.to_owned(),
        };
        Ok(Endpoint {
            base: format!("{}://{host}", parsed.scheme()),
            host,
        })
    }
}

#[derive(Debug, Clone)]
struct Endpoint {
    /// `scheme://host[:port]`.
    base: String,
    /// What the `Host` header will say (and what V3 signs).
    host: String,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    credentials: Arc<dyn ProvideCredentials>,
    ice: Endpoint,
    live: Endpoint,
    signature: SignatureVersion,
    user_agent: String,
    retry: RetryPolicy,
    limiter: RateLimiter,
}

/// The async client. Clones share the connection pool and the rate limiter.
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// How one attempt ended.
enum Attempt<T> {
    Done(T),
    Retry {
        error: Error,
        after: Option<Duration>,
    },
    Fail(Error),
}

impl Client {
    /// A builder with the official SDK's defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// ICE `SubmitASRJob`. Retried only when the request provably never reached the service.
    pub async fn submit_asr_job(
        &self,
        request: &SubmitAsrJobRequest,
    ) -> Result<SubmitAsrJobResponse, Error> {
        self.call(request, false).await
    }

    /// `SubmitASRJob`, calling `before_send` once, after rate-limit pacing and right before the
    /// request first leaves. A journal (the CLI's batch manifest) records the intent there, so
    /// that a crash can only fall between "sent" and "answered", never during a long wait.
    /// An error from `before_send` cancels the call ([`Error::Aborted`]); nothing is sent.
    pub async fn submit_asr_job_journaled(
        &self,
        request: &SubmitAsrJobRequest,
        before_send: impl FnOnce() -> Result<(), String> + Send,
    ) -> Result<SubmitAsrJobResponse, Error> {
        let mut hook = Some(before_send);
        let mut call_hook = move || hook.take().map_or(Ok(()), |hook| hook());
        Ok(self
            .call_with_body_hooked(request, false, Some(&mut call_hook))
            .await?
            .0)
    }

    /// ICE `GetSmartHandleJob` (idempotent: retried on transient failures).
    pub async fn get_smart_handle_job(
        &self,
        job_id: &str,
    ) -> Result<GetSmartHandleJobResponse, Error> {
        Ok(self.get_smart_handle_job_with_body(job_id).await?.0)
    }

    /// `GetSmartHandleJob`, also returning the body exactly as received (for `--raw` output).
    pub async fn get_smart_handle_job_with_body(
        &self,
        job_id: &str,
    ) -> Result<(GetSmartHandleJobResponse, String), Error> {
        let request = GetSmartHandleJobRequest::new(job_id)?;
        self.call_with_body(&request, true).await
    }

    /// Live `QueryRtcAsrTasks` (idempotent). A `RetCode` other than 2000 is an error.
    pub async fn query_rtc_asr_tasks(
        &self,
        request: &QueryRtcAsrTasksRequest,
    ) -> Result<QueryRtcAsrTasksResponse, Error> {
        let response = self.call(request, true).await?;
        if response.is_success() {
            Ok(response)
        } else {
            Err(Error::Service(ServiceFailure {
                status: 200,
                code: format!("RetCode {}", response.ret_code.map_or(0, |c| c.0)),
                message: response.description.clone().unwrap_or_default(),
                request_id: response.request_id.clone(),
                recommend: None,
                retry_after: None,
            }))
        }
    }

    /// Live `RealTimeRecordCommand`. Retried only when the request provably never reached the service.
    pub async fn real_time_record_command(
        &self,
        request: &RealTimeRecordCommandRequest,
    ) -> Result<RealTimeRecordCommandResponse, Error> {
        self.call(request, false).await
    }

    async fn call<O: Operation>(
        &self,
        request: &O,
        idempotent: bool,
    ) -> Result<O::Response, Error> {
        Ok(self.call_with_body(request, idempotent).await?.0)
    }

    async fn call_with_body<O: Operation>(
        &self,
        request: &O,
        idempotent: bool,
    ) -> Result<(O::Response, String), Error> {
        self.call_with_body_hooked(request, idempotent, None).await
    }

    async fn call_with_body_hooked<O: Operation>(
        &self,
        request: &O,
        idempotent: bool,
        mut before_send: Option<&mut (dyn FnMut() -> Result<(), String> + Send)>,
    ) -> Result<(O::Response, String), Error> {
        let spec = O::SPEC;
        let params = request.wire_params();
        let span = tracing::info_span!(
            "aliasr_call",
            action = spec.action,
            attempt = tracing::field::Empty,
            request_id = tracing::field::Empty
        );
        async move {
            let mut attempt = 1;
            loop {
                tracing::Span::current().record("attempt", attempt);
                self.inner.limiter.acquire(spec.action).await;
                match self.attempt::<O>(&params, attempt, idempotent, &mut before_send).await {
                    Attempt::Done(response) => return Ok(response),
                    Attempt::Fail(error) => return Err(error),
                    Attempt::Retry { error, after } => {
                        if attempt >= self.inner.retry.max_attempts {
                            return Err(error);
                        }
                        let delay = self.inner.retry.delay(attempt, after);
                        tracing::debug!(error = %error, delay_ms = delay.as_millis() as u64, "retrying");
                        tokio::time::sleep(delay).await;
                        attempt += 1;
                    }
                }
            }
        }
        .instrument(span)
        .await
    }

    async fn attempt<O: Operation>(
        &self,
        params: &[(&'static str, String)],
        attempt: u32,
        idempotent: bool,
        before_send: &mut Option<&mut (dyn FnMut() -> Result<(), String> + Send)>,
    ) -> Attempt<(O::Response, String)> {
        let spec = O::SPEC;
        let credentials = match self.inner.credentials.provide().await {
            Ok(credentials) => credentials,
            Err(error) => return Attempt::Fail(error.into()),
        };
        let endpoint = match spec.product {
            Product::Live => &self.inner.live,
            _ => &self.inner.ice,
        };
        let mut signable = SignableRequest::new(
            aliasr_sign::HttpMethod::Post,
            endpoint.host.clone(),
            spec.action,
            spec.version,
        )
        .with_fresh_timestamp_and_nonce()
        .with_header("user-agent", self.inner.user_agent.clone())
        .with_header("accept", "application/json");
        if attempt > 1 {
            signable = signable.with_header("x-acs-retry-attempts", (attempt - 1).to_string());
        }
        for (name, value) in params {
            signable = signable.with_param(*name, value.clone());
        }
        let settings = match self.inner.signature {
            SignatureVersion::V1 => SigningSettings::v1(),
            SignatureVersion::V3 => SigningSettings::v3(),
        };
        let signed = match aliasr_sign::sign(&signable, &credentials, &settings) {
            Ok(signed) => signed,
            Err(error) => return Attempt::Fail(error.into()),
        };
        let mut http =
            self.inner
                .http
                .post(format!("{}{}", endpoint.base, signed.path_and_query()));
        for (name, value) in &signable.headers {
            http = http.header(name.as_str(), value.as_str());
        }
        for header in signed.headers() {
            http = http.header(header.name(), header.value());
        }
        if let Some(body) = signed.body() {
            http = http.body(body.to_owned());
        }
        // The journal hook runs once, as late as possible: everything that can fail locally
        // (credentials, signing) has already succeeded.
        if let Some(hook) = before_send.take()
            && let Err(message) = hook()
        {
            return Attempt::Fail(Error::Aborted(message));
        }
        let response = match http.send().await {
            Ok(response) => response,
            Err(error) => return transport_failure(spec.action, &error, attempt, idempotent),
        };
        let status = response.status().as_u16();
        let header_request_id = response
            .headers()
            .get("x-acs-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let retry_after = response
            .headers()
            .get("x-acs-retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|ms| *ms > 0)
            .map(Duration::from_millis);
        let body = match response.text().await {
            Ok(body) => body,
            Err(error) => return transport_failure(spec.action, &error, attempt, idempotent),
        };
        if let Some(id) = &header_request_id {
            tracing::Span::current().record("request_id", id.as_str());
        }
        if (200..300).contains(&status) {
            return match O::parse_response(&body) {
                Ok(parsed) => Attempt::Done((parsed, body)),
                Err(error) => Attempt::Fail(Error::Decode {
                    action: spec.action,
                    status,
                    message: error.to_string(),
                    excerpt: excerpt(&body),
                    request_id: header_request_id,
                }),
            };
        }
        let error = match ServiceError::from_json(&body) {
            Ok(service) => Error::Service(ServiceFailure {
                status,
                code: service
                    .code
                    .as_ref()
                    .map_or_else(|| format!("HTTP {status}"), |code| code.as_str().to_owned()),
                message: scrub(service.message.unwrap_or_default(), &credentials),
                request_id: service.request_id.or(header_request_id),
                recommend: service.recommend,
                retry_after,
            }),
            Err(error) => Error::Decode {
                action: spec.action,
                status,
                message: format!("error answer is not JSON ({error})"),
                excerpt: excerpt(&body),
                request_id: header_request_id,
            },
        };
        let code = error.code().map(str::to_owned);
        match classify_answer(status, code.as_deref(), idempotent) {
            Verdict::Retry => Attempt::Retry {
                error,
                after: retry_after,
            },
            Verdict::Stop => Attempt::Fail(error),
        }
    }
}

/// A network failure: connect errors are safe to retry; anything after sending only for
/// idempotent calls.
fn transport_failure<T>(
    action: &'static str,
    error: &reqwest::Error,
    attempt: u32,
    idempotent: bool,
) -> Attempt<T> {
    let kind = if error.is_connect() {
        TransportKind::Connect
    } else if error.is_timeout() {
        TransportKind::Timeout
    } else {
        TransportKind::Reset
    };
    let message = error_chain(error);
    if kind == TransportKind::Connect || idempotent {
        Attempt::Retry {
            error: Error::Transport {
                action,
                kind,
                message,
                attempts: attempt,
            },
            after: None,
        }
    } else {
        Attempt::Fail(Error::OutcomeUnknown { action, message })
    }
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}

/// The service echoes the string to sign in `SignatureDoesNotMatch`, which for V1 STS calls holds
/// the security token; keep it out of error text.
fn scrub(message: String, credentials: &aliasr_sign::Credentials) -> String {
    match credentials.security_token() {
        Some(token) if !token.is_empty() => {
            let mut message = message.replace(token, aliasr_sign::REDACTED);
            let encoded = aliasr_sign::percent_encode(token);
            message = message.replace(&encoded, aliasr_sign::REDACTED);
            message.replace(
                &aliasr_sign::percent_encode(&encoded),
                aliasr_sign::REDACTED,
            )
        }
        _ => message,
    }
}

fn excerpt(body: &str) -> String {
    body.chars().take(120).collect()
}
