//! One definition per operation, shared by the client and the emulator: action, version,
//! product, HTTP method, the ordered wire parameters, and the way back from wire parameters.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;

use crate::ModelError;
use crate::json::parse_document;
use crate::violation::{ViolationProblem, Violations};

/// The Alibaba Cloud product an operation belongs to.
///
/// ```
/// use aliasr_models::Product;
///
/// assert_eq!((Product::Ice.id(), Product::Ice.api_version()), ("ice", "2020-11-09"));
/// assert_eq!((Product::Live.id(), Product::Live.api_version()), ("live", "2016-11-01"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Product {
    /// Intelligent Media Services (ICE), API version 2020-11-09.
    Ice,
    /// ApsaraVideo Live, API version 2016-11-01.
    Live,
}

impl Product {
    /// The product id used in endpoint names (`ice.aliyuncs.com`, `live.aliyuncs.com`).
    pub const fn id(self) -> &'static str {
        match self {
            Self::Ice => "ice",
            Self::Live => "live",
        }
    }

    /// The API version every operation of this product uses here.
    pub const fn api_version(self) -> &'static str {
        match self {
            Self::Ice => "2020-11-09",
            Self::Live => "2016-11-01",
        }
    }
}

impl fmt::Display for Product {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The HTTP method an operation is sent with.
///
/// ```
/// use aliasr_models::{HttpMethod, OperationKind};
///
/// assert!(OperationKind::ALL.iter().all(|kind| kind.spec().method == HttpMethod::Post));
/// assert_eq!(HttpMethod::Post.to_string(), "POST");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
}

impl HttpMethod {
    /// The method name in upper case, as in a request line and a V1/V3 string-to-sign.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One API parameter of an operation.
///
/// ```
/// use aliasr_models::{Operation, RealTimeRecordCommandRequest};
///
/// let spec = RealTimeRecordCommandRequest::SPEC;
/// let required: Vec<_> = spec.params.iter().filter(|p| p.required).map(|p| p.name).collect();
/// assert_eq!(required, ["AppName", "Command", "DomainName", "StreamName"]);
/// assert!(!spec.param("RegionId").unwrap().required);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamSpec {
    /// The wire name, for example `InputFile`.
    pub name: &'static str,
    /// Whether the request is invalid without it (by the documentation; the SDK checks nothing).
    pub required: bool,
}

/// The fixed facts of one operation, from the official SDK's generated code.
///
/// ```
/// use aliasr_models::{HttpMethod, Operation, Product, SubmitAsrJobRequest};
///
/// let spec = SubmitAsrJobRequest::SPEC;
/// assert_eq!((spec.action, spec.version), ("SubmitASRJob", "2020-11-09"));
/// assert_eq!((spec.product, spec.method), (Product::Ice, HttpMethod::Post));
/// assert_eq!(spec.params[0].name, "Description");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct OperationSpec {
    /// The `Action`, for example `SubmitASRJob`.
    pub action: &'static str,
    /// The API `Version`, for example `2020-11-09`.
    pub version: &'static str,
    /// The product, which picks the endpoint.
    pub product: Product,
    /// The HTTP method (POST for all four operations in the current SDK; every parameter
    /// travels in the query string, the body is empty).
    pub method: HttpMethod,
    /// Every API parameter, in the order the SDK puts them on the wire.
    pub params: &'static [ParamSpec],
}

impl OperationSpec {
    /// The parameter called `name`, if the operation has one.
    pub fn param(&self, name: &str) -> Option<&'static ParamSpec> {
        self.params.iter().find(|p| p.name == name)
    }
}

/// A request type of one operation.
///
/// The client sends [`Operation::wire_params`] and parses the answer with
/// [`Operation::parse_response`]; the emulator reads a request back with
/// [`Operation::from_wire_params`] and answers with an [`Operation::Response`]. Both sides
/// therefore share one definition of names, order and rules.
///
/// ```
/// use aliasr_models::{Operation, RealTimeRecordCommandRequest, RecordCommand};
///
/// let request = RealTimeRecordCommandRequest::builder()
///     .command(RecordCommand::Start)
///     .domain_name("push.example.com")
///     .app_name("live")
///     .stream_name("stream-001")
///     .build()?;
/// let params = request.wire_params();
/// assert_eq!(params[1], ("Command", "start".to_owned()));
///
/// let wire: Vec<(String, String)> = params.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
/// assert_eq!(RealTimeRecordCommandRequest::from_wire_params(&wire)?, request);
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
pub trait Operation: Sized {
    /// The operation's fixed facts.
    const SPEC: OperationSpec;

    /// The body of a successful answer.
    type Response: Serialize + DeserializeOwned + fmt::Debug + Clone + PartialEq;

    /// The API parameters to send, in the SDK's order, without the common parameters
    /// (`Action`, `Version`, signature fields), which the signer adds.
    fn wire_params(&self) -> Vec<(&'static str, String)>;

    /// Reads a request from wire parameters (as decoded from a query string or form body).
    ///
    /// Names that are not API parameters of this operation (common parameters such as
    /// `Action` or `Signature`, or anything unknown) are ignored. Every broken rule is
    /// reported at once in [`ModelError::InvalidRequest`], whose
    /// [`ModelError::request_error_code`] gives `MissingParam` or `MalformedParam`.
    fn from_wire_params(params: &[(String, String)]) -> Result<Self, ModelError>;

    /// Parses the JSON body of a successful answer.
    fn parse_response(body: &str) -> Result<Self::Response, ModelError> {
        parse_document(&format!("{} response body", Self::SPEC.action), body)
    }
}

/// The four operations as a value, for code that dispatches on the `Action` it received.
///
/// ```
/// use aliasr_models::OperationKind;
///
/// let kind = OperationKind::from_action("QueryRtcAsrTasks").unwrap();
/// assert_eq!(kind.spec().version, "2016-11-01");
/// assert_eq!(OperationKind::ALL.len(), 4);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OperationKind {
    /// ICE `SubmitASRJob`.
    SubmitAsrJob,
    /// ICE `GetSmartHandleJob`.
    GetSmartHandleJob,
    /// Live `QueryRtcAsrTasks`.
    QueryRtcAsrTasks,
    /// Live `RealTimeRecordCommand`.
    RealTimeRecordCommand,
}

impl OperationKind {
    /// Every operation.
    pub const ALL: [OperationKind; 4] = [
        Self::SubmitAsrJob,
        Self::GetSmartHandleJob,
        Self::QueryRtcAsrTasks,
        Self::RealTimeRecordCommand,
    ];

    /// The operation's fixed facts.
    pub const fn spec(self) -> OperationSpec {
        match self {
            Self::SubmitAsrJob => crate::SubmitAsrJobRequest::SPEC,
            Self::GetSmartHandleJob => crate::GetSmartHandleJobRequest::SPEC,
            Self::QueryRtcAsrTasks => crate::QueryRtcAsrTasksRequest::SPEC,
            Self::RealTimeRecordCommand => crate::RealTimeRecordCommandRequest::SPEC,
        }
    }

    /// The operation with this exact `Action` name.
    pub fn from_action(action: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.spec().action == action)
    }
}

/// Reads wire parameters by name, noting repeated ones.
pub(crate) struct WireParams<'a> {
    params: &'a [(String, String)],
    violations: Violations,
}

impl<'a> WireParams<'a> {
    pub(crate) fn new(params: &'a [(String, String)]) -> Self {
        Self {
            params,
            violations: Violations::default(),
        }
    }

    /// The value of `name`, if present. A name given more than once is a violation; the
    /// first value is returned so the other checks still run.
    pub(crate) fn get(&mut self, name: &'static str) -> Option<String> {
        let mut values = self
            .params
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value);
        let first = values.next()?;
        let more = values.count();
        if more > 0 {
            self.violations
                .push(name, ViolationProblem::Repeated { times: more + 1 });
        }
        Some(first.clone())
    }

    /// The violations found while reading.
    pub(crate) fn into_violations(self) -> Violations {
        self.violations
    }
}
