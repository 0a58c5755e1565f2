//! Live `RealTimeRecordCommand`: start, stop, cancel the delay of, or restart a recording.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

use crate::json::shorten;
use crate::operation::WireParams;
use crate::query_rtc_asr_tasks::parse_owner_id;
use crate::violation::{Checker, Violations};
use crate::{HttpMethod, ModelError, Operation, OperationSpec, ParamSpec, Product};

/// The `Command` of RealTimeRecordCommand, with its exact wire spelling.
///
/// ```
/// use aliasr_models::RecordCommand;
///
/// assert_eq!(RecordCommand::CancelDelay.as_str(), "cancel_delay");
/// assert_eq!("restart".parse::<RecordCommand>()?, RecordCommand::Restart);
/// assert!("Start".parse::<RecordCommand>().is_err());
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RecordCommand {
    /// `start`: start recording; must come first, and not again before `stop`
    /// (a second `start` gets `TaskAlreadyStarted`).
    Start,
    /// `stop`: pause; the file is written after the stream-interruption delay (180 s by default).
    Stop,
    /// `cancel_delay`: after `stop`, skip the delay and write the file now.
    CancelDelay,
    /// `restart`: restart; a recording in progress is written out first.
    Restart,
}

impl RecordCommand {
    /// Every command.
    pub const ALL: [RecordCommand; 4] = [Self::Start, Self::Stop, Self::CancelDelay, Self::Restart];

    /// The wire spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::Stop => "stop",
            Self::CancelDelay => "cancel_delay",
            Self::Restart => "restart",
        }
    }
}

impl fmt::Display for RecordCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RecordCommand {
    type Err = ModelError;
    fn from_str(text: &str) -> Result<Self, ModelError> {
        parse_command(text).map_err(|reason| ModelError::InvalidValue {
            what: "Command",
            value: shorten(text, 40),
            reason,
        })
    }
}

fn parse_command(text: &str) -> Result<RecordCommand, String> {
    RecordCommand::ALL
        .into_iter()
        .find(|command| command.as_str() == text)
        .ok_or_else(|| {
            format!(
                "{:?} is not one of start, stop, cancel_delay, restart",
                shorten(text, 40)
            )
        })
}

impl Serialize for RecordCommand {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RecordCommand {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_command(&text).map_err(serde::de::Error::custom)
    }
}

/// A checked RealTimeRecordCommand request.
///
/// `Command`, `DomainName`, `AppName` and `StreamName` are required; `StreamName` names one
/// stream (wildcards are not supported).
///
/// ```
/// use aliasr_models::{ModelError, RealTimeRecordCommandRequest, RecordCommand};
///
/// let request = RealTimeRecordCommandRequest::builder()
///     .region_id("cn-shanghai")
///     .command(RecordCommand::Stop)
///     .domain_name("push.example.com")
///     .app_name("live")
///     .stream_name("stream-001")
///     .build()?;
/// assert_eq!(request.command(), RecordCommand::Stop);
///
/// let err = RealTimeRecordCommandRequest::builder().stream_name("room*").build().unwrap_err();
/// let ModelError::InvalidRequest { violations, .. } = &err else { unreachable!() };
/// let params: Vec<_> = violations.iter().map(|v| v.param).collect();
/// assert_eq!(params, ["AppName", "Command", "DomainName", "StreamName"]);
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RealTimeRecordCommandRequest {
    app_name: String,
    command: RecordCommand,
    domain_name: String,
    owner_id: Option<u64>,
    region_id: Option<String>,
    stream_name: String,
}

impl RealTimeRecordCommandRequest {
    /// A builder with nothing set.
    pub fn builder() -> RealTimeRecordCommandBuilder {
        RealTimeRecordCommandBuilder::default()
    }

    /// `AppName`.
    pub fn app_name(&self) -> &str {
        &self.app_name
    }

    /// `Command`.
    pub fn command(&self) -> RecordCommand {
        self.command
    }

    /// `DomainName`: the ingest domain.
    pub fn domain_name(&self) -> &str {
        &self.domain_name
    }

    /// `OwnerId` (an SDK parameter the documentation does not describe).
    pub fn owner_id(&self) -> Option<u64> {
        self.owner_id
    }

    /// `RegionId`.
    pub fn region_id(&self) -> Option<&str> {
        self.region_id.as_deref()
    }

    /// `StreamName`.
    pub fn stream_name(&self) -> &str {
        &self.stream_name
    }
}

/// Builder for [`RealTimeRecordCommandRequest`].
///
/// ```
/// use aliasr_models::{RealTimeRecordCommandRequest, RecordCommand};
///
/// let request = RealTimeRecordCommandRequest::builder()
///     .command(RecordCommand::CancelDelay)
///     .domain_name("push.example.com")
///     .app_name("live")
///     .stream_name("stream-001")
///     .owner_id(1234)
///     .build()?;
/// assert_eq!(request.owner_id(), Some(1234));
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct RealTimeRecordCommandBuilder {
    app_name: Option<String>,
    command: Option<String>,
    domain_name: Option<String>,
    owner_id: Option<String>,
    region_id: Option<String>,
    stream_name: Option<String>,
}

impl RealTimeRecordCommandBuilder {
    /// `AppName` (required).
    pub fn app_name(mut self, app_name: impl Into<String>) -> Self {
        self.app_name = Some(app_name.into());
        self
    }

    /// `Command` (required).
    pub fn command(mut self, command: RecordCommand) -> Self {
        self.command = Some(command.as_str().to_owned());
        self
    }

    /// `DomainName` (required).
    pub fn domain_name(mut self, domain_name: impl Into<String>) -> Self {
        self.domain_name = Some(domain_name.into());
        self
    }

    /// `OwnerId`.
    pub fn owner_id(mut self, owner_id: u64) -> Self {
        self.owner_id = Some(owner_id.to_string());
        self
    }

    /// `RegionId`.
    pub fn region_id(mut self, region_id: impl Into<String>) -> Self {
        self.region_id = Some(region_id.into());
        self
    }

    /// `StreamName` (required; one stream, no wildcards).
    pub fn stream_name(mut self, stream_name: impl Into<String>) -> Self {
        self.stream_name = Some(stream_name.into());
        self
    }

    /// Checks every rule and builds the request, or lists every violation.
    pub fn build(self) -> Result<RealTimeRecordCommandRequest, ModelError> {
        self.build_with(Violations::default())
    }

    fn build_with(self, earlier: Violations) -> Result<RealTimeRecordCommandRequest, ModelError> {
        let mut check = Checker::new(earlier);
        let app_name = check.required("AppName", self.app_name);
        let command = check
            .required("Command", self.command)
            .and_then(|text| check.parsed("Command", parse_command(&text)));
        let domain_name = check.required("DomainName", self.domain_name);
        let owner_id = self
            .owner_id
            .and_then(|text| check.parsed("OwnerId", parse_owner_id(&text)));
        let region_id = check.optional_non_empty("RegionId", self.region_id);
        let stream_name = check
            .required("StreamName", self.stream_name)
            .and_then(|name| {
                let single = if name.contains('*') {
                    Err(
                        "wildcards are not supported: the operation controls a single stream"
                            .to_owned(),
                    )
                } else {
                    Ok(name)
                };
                check.parsed("StreamName", single)
            });
        check.finish(&RealTimeRecordCommandRequest::SPEC, || {
            Some(RealTimeRecordCommandRequest {
                app_name: app_name?,
                command: command?,
                domain_name: domain_name?,
                owner_id,
                region_id,
                stream_name: stream_name?,
            })
        })
    }
}

impl Operation for RealTimeRecordCommandRequest {
    const SPEC: OperationSpec = OperationSpec {
        action: "RealTimeRecordCommand",
        version: Product::Live.api_version(),
        product: Product::Live,
        method: HttpMethod::Post,
        params: &[
            ParamSpec {
                name: "AppName",
                required: true,
            },
            ParamSpec {
                name: "Command",
                required: true,
            },
            ParamSpec {
                name: "DomainName",
                required: true,
            },
            ParamSpec {
                name: "OwnerId",
                required: false,
            },
            ParamSpec {
                name: "RegionId",
                required: false,
            },
            ParamSpec {
                name: "StreamName",
                required: true,
            },
        ],
    };

    type Response = RealTimeRecordCommandResponse;

    fn wire_params(&self) -> Vec<(&'static str, String)> {
        let all = [
            ("AppName", Some(self.app_name.clone())),
            ("Command", Some(self.command.as_str().to_owned())),
            ("DomainName", Some(self.domain_name.clone())),
            ("OwnerId", self.owner_id.map(|id| id.to_string())),
            ("RegionId", self.region_id.clone()),
            ("StreamName", Some(self.stream_name.clone())),
        ];
        all.into_iter()
            .filter_map(|(name, value)| Some((name, value?)))
            .collect()
    }

    fn from_wire_params(params: &[(String, String)]) -> Result<Self, ModelError> {
        let mut wire = WireParams::new(params);
        let builder = RealTimeRecordCommandBuilder {
            app_name: wire.get("AppName"),
            command: wire.get("Command"),
            domain_name: wire.get("DomainName"),
            owner_id: wire.get("OwnerId"),
            region_id: wire.get("RegionId"),
            stream_name: wire.get("StreamName"),
        };
        builder.build_with(wire.into_violations())
    }
}

/// The body of a successful RealTimeRecordCommand answer: just the request id.
///
/// ```
/// use aliasr_models::RealTimeRecordCommandResponse;
///
/// let response = RealTimeRecordCommandResponse::from_json(r#"{"RequestId": "16A96B9A-F203-4EC5-8E43-CB92E68F4CD8"}"#)?;
/// assert_eq!(response.request_id.as_deref(), Some("16A96B9A-F203-4EC5-8E43-CB92E68F4CD8"));
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct RealTimeRecordCommandResponse {
    /// `RequestId`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
}

impl RealTimeRecordCommandResponse {
    /// Writes the body as compact JSON with PascalCase keys, as the service sends it.
    pub fn to_json(&self) -> String {
        crate::json::to_json_text(self)
    }

    /// Parses a RealTimeRecordCommand answer body.
    pub fn from_json(body: &str) -> Result<Self, ModelError> {
        RealTimeRecordCommandRequest::parse_response(body)
    }
}
