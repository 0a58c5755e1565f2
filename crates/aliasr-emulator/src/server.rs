//! The HTTP side: an accept loop over hyper (so an injected `reset` can drop a connection without
//! answering, which a router cannot), and the pipeline every request goes through:
//! faults → signature → clock skew → nonce → action/version → throttling → operation.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use aliasr_models::OperationKind;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};
use rand::{Rng, SeedableRng};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::config::{EmulatorConfig, FaultKind, KeySpec};
use crate::gateway::{Failure, from_sign_error};
use crate::ops::{self, Call};
use crate::policy::{self, Policy};
use crate::state::State;

/// Bodies larger than this are refused (the four operations send small forms at most).
const MAX_BODY_BYTES: usize = 1 << 20;

/// What every connection shares.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) config: EmulatorConfig,
    policy: Option<Policy>,
    keys: Vec<KeySpec>,
    state: Mutex<State>,
    rng: Mutex<rand::rngs::StdRng>,
    request_counter: AtomicU64,
}

impl Shared {
    pub(crate) fn new(config: EmulatorConfig, policy: Option<Policy>) -> Self {
        Self {
            policy,
            keys: config.effective_keys(),
            rng: Mutex::new(rand::rngs::StdRng::seed_from_u64(config.seed)),
            config,
            state: Mutex::new(State::default()),
            request_counter: AtomicU64::new(0),
        }
    }

    /// The state; a panic elsewhere while holding the lock leaves data that is still consistent
    /// enough to inspect, so poisoning is ignored.
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn next_request_id(&self) -> String {
        let n = self.request_counter.fetch_add(1, Ordering::Relaxed) + 1;
        format!(
            "{:08X}-{:04X}-4{:03X}-8{:03X}-{:012X}",
            self.config.seed as u32,
            (n >> 48) & 0xFFFF,
            (n >> 36) & 0xFFF,
            (n >> 24) & 0xFFF,
            n & 0xFFFF_FFFF_FFFF
        )
    }

    fn roll_fault(&self) -> Option<FaultKind> {
        if self.config.faults.is_empty() {
            return None;
        }
        let mut rng = self.rng.lock().unwrap_or_else(PoisonError::into_inner);
        self.config
            .faults
            .iter()
            .find(|fault| rng.random::<f64>() < fault.rate)
            .map(|fault| fault.kind)
    }
}

/// Returned by the service to make hyper close the connection without an answer.
#[derive(Debug)]
struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("injected connection reset")
    }
}

impl std::error::Error for DropConnection {}

/// Accepts connections until `shutdown` fires; open connections end with the loop.
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut shutdown: oneshot::Receiver<()>,
) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => {
                let Ok((stream, _peer)) = accepted else { continue };
                let _ = stream.set_nodelay(true);
                let shared = Arc::clone(&shared);
                connections.spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let shared = Arc::clone(&shared);
                        async move { handle(&shared, request).await }
                    });
                    // Errors here are the peer going away or an injected reset: nothing to do.
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await;
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

type Answer = Result<Response<Full<Bytes>>, DropConnection>;

async fn handle(shared: &Shared, request: Request<Incoming>) -> Answer {
    let request_id = shared.next_request_id();
    let (parts, body) = request.into_parts();
    let host = parts
        .headers
        .get(hyper::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_owned();
    if parts.uri.path() == "/__emulator/state" && parts.method == hyper::Method::GET {
        let snapshot = shared.state().snapshot();
        let body = serde_json::to_string(&snapshot).unwrap_or_else(|_| "{}".into());
        return Ok(json_response(200, &request_id, body, None));
    }
    let body = match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            let failure = Failure::new(
                400,
                "InvalidParameter",
                format!("The request body is unreadable or larger than {MAX_BODY_BYTES} bytes."),
            );
            return Ok(failure_response(&failure, &request_id, &host));
        }
    };

    let fault = shared.roll_fault();
    if let Some(kind) = fault {
        // Counted under the action the request names, so clients' tests can count attempts.
        let label = match kind {
            FaultKind::InternalError => "InternalError",
            FaultKind::ServiceUnavailable => "ServiceUnavailable",
            FaultKind::Throttle => "Throttling.User",
            FaultKind::Html502 => "html502",
            FaultKind::Reset => "reset",
            FaultKind::Slow(_) => "slow",
        };
        let action = named_action(parts.uri.query().unwrap_or(""), &parts.headers);
        shared.state().count_fault(&action, label);
    }
    match fault {
        Some(FaultKind::InternalError) => {
            let failure = Failure::new(
                500,
                "InternalError",
                "The request processing has failed due to some unknown error.",
            );
            return Ok(failure_response(&failure, &request_id, &host));
        }
        Some(FaultKind::ServiceUnavailable) => {
            let failure = Failure::new(
                503,
                "ServiceUnavailable",
                "The request has failed due to a temporary failure of the server.",
            );
            return Ok(failure_response(&failure, &request_id, &host));
        }
        Some(FaultKind::Throttle) => {
            let mut failure = Failure::new(
                400,
                "Throttling.User",
                "Request was denied due to user flow control.",
            );
            failure.retry_after_ms = Some(100);
            return Ok(failure_response(&failure, &request_id, &host));
        }
        Some(FaultKind::Html502) => {
            let mut response = Response::new(Full::new(Bytes::from_static(
                b"<html><head><title>502 Bad Gateway</title></head><body>502 Bad Gateway</body></html>",
            )));
            *response.status_mut() = StatusCode::BAD_GATEWAY;
            response.headers_mut().insert(
                hyper::header::CONTENT_TYPE,
                hyper::header::HeaderValue::from_static("text/html"),
            );
            return Ok(response);
        }
        _ => {}
    }

    let headers: Vec<(&str, &str)> = parts
        .headers
        .iter()
        .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
        .collect();
    let query = parts.uri.query().unwrap_or("");
    let (action, outcome) = process(
        shared,
        parts.method.as_str(),
        parts.uri.path(),
        query,
        &body,
        &headers,
        &request_id,
    );
    shared.state().count(
        &action,
        outcome.as_ref().map_or_else(|f| f.code.as_str(), |_| "OK"),
    );
    let response = match outcome {
        Ok(body) => json_response(200, &request_id, body, None),
        Err(failure) => failure_response(&failure, &request_id, &host),
    };
    match fault {
        Some(FaultKind::Reset) => Err(DropConnection),
        Some(FaultKind::Slow(ms)) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            Ok(response)
        }
        _ => Ok(response),
    }
}

/// The action a request names (V3 header, else the V1 `Action` parameter), before verification.
fn named_action(query: &str, headers: &hyper::HeaderMap) -> String {
    if let Some(action) = headers.get("x-acs-action").and_then(|v| v.to_str().ok()) {
        return action.to_owned();
    }
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("Action="))
        .map_or_else(|| "(unknown)".to_owned(), str::to_owned)
}

/// Verifies and runs one request. Returns the action name (for the counters) and the result.
pub(crate) fn process(
    shared: &Shared,
    method: &str,
    path: &str,
    query: &str,
    body: &[u8],
    headers: &[(&str, &str)],
    request_id: &str,
) -> (String, Result<String, Failure>) {
    let incoming = aliasr_sign::IncomingRequest::new(method, path, query, body, headers);
    let lookup = |id: &str| {
        shared
            .keys
            .iter()
            .find(|key| key.id == id)
            .map(KeySpec::credentials)
    };
    let verified = match aliasr_sign::verify(&incoming, &lookup) {
        Ok(verified) => verified,
        Err(error) => return ("(unauthenticated)".into(), Err(from_sign_error(&error))),
    };
    let action = verified.action.clone();
    let now_ms = shared.config.clock.now_ms();
    let skew_ms = (now_ms - verified.timestamp.unix_seconds().saturating_mul(1000)).abs();
    let max_skew_ms = i64::try_from(shared.config.max_skew.as_millis()).unwrap_or(i64::MAX);
    if skew_ms > max_skew_ms {
        let failure = Failure::new(
            400,
            "InvalidTimeStamp.Expired",
            format!(
                "Specified time stamp or date value is expired. Timestamp {} differs from the server time by {} s.",
                verified.timestamp.as_str(),
                skew_ms / 1000
            ),
        );
        return (action, Err(failure));
    }
    let Some(kind) = OperationKind::from_action(&action) else {
        let failure = Failure::new(
            404,
            "InvalidAction.NotFound",
            format!("Specified api \"{action}\" is not found, please check your url and method."),
        );
        return (action, Err(failure));
    };
    let spec = kind.spec();
    if verified.version != spec.version {
        let failure = Failure::new(
            400,
            "InvalidVersion",
            format!(
                "Specified parameter Version \"{}\" is not valid for {action}; expected {}.",
                verified.version, spec.version
            ),
        );
        return (action, Err(failure));
    }
    if path != "/" {
        let failure = Failure::new(
            404,
            "InvalidAction.NotFound",
            format!("Path {path} is not an RPC endpoint; use /."),
        );
        return (action, Err(failure));
    }
    if let Some(policy) = &shared.policy {
        let (ram_action, resource) = policy::action_and_resource(
            spec.product.id(),
            spec.action,
            &verified.params,
            shared.config.account_id,
        );
        if let Err(failure) = policy.check(
            &ram_action,
            &resource,
            &verified.access_key_id,
            shared.config.account_id,
        ) {
            return (action, Err(failure));
        }
    }
    let mut state = shared.state();
    // A timestamp is accepted from `max_skew` before to `max_skew` after it, so a nonce first
    // seen at the earliest moment could be replayed until twice that later.
    if !state.remember_nonce(
        &verified.access_key_id,
        &verified.nonce,
        now_ms,
        max_skew_ms.saturating_mul(2),
    ) {
        let failure = Failure::new(
            400,
            "SignatureNonceUsed",
            "Specified signature nonce was used already.",
        );
        return (action, Err(failure));
    }
    let quotas = &shared.config.quotas;
    let rate = match kind {
        OperationKind::QueryRtcAsrTasks => quotas.query_rtc_asr_tasks,
        OperationKind::RealTimeRecordCommand => quotas.real_time_record_command,
        _ => quotas.ice,
    };
    if let Err(wait_ms) = state.take_token(&verified.access_key_id, spec.action, rate, now_ms) {
        let mut failure = Failure::new(
            400,
            "Throttling.User",
            "Request was denied due to user flow control.",
        );
        failure.retry_after_ms = Some(wait_ms);
        return (action, Err(failure));
    }
    let call = Call {
        config: &shared.config,
        state: &mut state,
        params: &verified.params,
        access_key_id: &verified.access_key_id,
        request_id,
        now_ms,
    };
    let result = match kind {
        OperationKind::SubmitAsrJob => ops::submit_asr_job(call),
        OperationKind::GetSmartHandleJob => ops::get_smart_handle_job(call),
        OperationKind::QueryRtcAsrTasks => ops::query_rtc_asr_tasks(call),
        OperationKind::RealTimeRecordCommand => ops::real_time_record_command(call),
        _ => Err(Failure::new(
            404,
            "InvalidAction.NotFound",
            format!("Specified api \"{action}\" is not found."),
        )),
    };
    (action, result)
}

fn json_response(
    status: u16,
    request_id: &str,
    body: String,
    retry_after_ms: Option<u64>,
) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json;charset=utf-8"),
    );
    if let Ok(value) = hyper::header::HeaderValue::from_str(request_id) {
        headers.insert("x-acs-request-id", value);
    }
    if let Some(ms) = retry_after_ms {
        headers.insert("x-acs-retry-after", hyper::header::HeaderValue::from(ms));
    }
    response
}

fn failure_response(failure: &Failure, request_id: &str, host: &str) -> Response<Full<Bytes>> {
    json_response(
        failure.status,
        request_id,
        failure.body(request_id, host),
        failure.retry_after_ms,
    )
}
