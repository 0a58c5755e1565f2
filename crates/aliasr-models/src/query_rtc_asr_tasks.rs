//! Live `QueryRtcAsrTasks`: request and response. Success is `RetCode` 2000 inside an HTTP 200.

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::fmt;

use crate::operation::WireParams;
use crate::violation::{Checker, Violations};
use crate::{HttpMethod, ModelError, NumberOrString, Operation, OperationSpec, ParamSpec, Product};

/// A checked QueryRtcAsrTasks request: the real-time ASR tasks of the account, or one task.
///
/// ```
/// use aliasr_models::{Operation, QueryRtcAsrTasksRequest};
///
/// let all = QueryRtcAsrTasksRequest::builder().region_id("cn-shanghai").build()?;
/// assert_eq!(all.wire_params(), [("RegionId", "cn-shanghai".to_owned())]);
/// let one = QueryRtcAsrTasksRequest::builder().task_id("asr-a6ac15e0").build()?;
/// assert_eq!(one.task_id(), Some("asr-a6ac15e0"));
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct QueryRtcAsrTasksRequest {
    owner_id: Option<u64>,
    region_id: Option<String>,
    task_id: Option<String>,
}

impl QueryRtcAsrTasksRequest {
    /// A builder with nothing set (which queries every running task).
    pub fn builder() -> QueryRtcAsrTasksBuilder {
        QueryRtcAsrTasksBuilder::default()
    }

    /// `OwnerId` (an SDK parameter the documentation does not describe).
    pub fn owner_id(&self) -> Option<u64> {
        self.owner_id
    }

    /// `RegionId`, for example `cn-shanghai`.
    pub fn region_id(&self) -> Option<&str> {
        self.region_id.as_deref()
    }

    /// `TaskId`; without it every running task is listed.
    pub fn task_id(&self) -> Option<&str> {
        self.task_id.as_deref()
    }
}

/// Builder for [`QueryRtcAsrTasksRequest`]. Every parameter is optional; a given one must not be empty.
///
/// ```
/// use aliasr_models::QueryRtcAsrTasksRequest;
///
/// let request = QueryRtcAsrTasksRequest::builder().region_id("cn-shanghai").task_id("asr-1").build()?;
/// assert_eq!(request.region_id(), Some("cn-shanghai"));
/// assert!(QueryRtcAsrTasksRequest::builder().task_id("").build().is_err());
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct QueryRtcAsrTasksBuilder {
    owner_id: Option<String>,
    region_id: Option<String>,
    task_id: Option<String>,
}

impl QueryRtcAsrTasksBuilder {
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

    /// `TaskId`.
    pub fn task_id(mut self, task_id: impl Into<String>) -> Self {
        self.task_id = Some(task_id.into());
        self
    }

    /// Checks and builds the request.
    pub fn build(self) -> Result<QueryRtcAsrTasksRequest, ModelError> {
        self.build_with(Violations::default())
    }

    fn build_with(self, earlier: Violations) -> Result<QueryRtcAsrTasksRequest, ModelError> {
        let mut check = Checker::new(earlier);
        let owner_id = self
            .owner_id
            .and_then(|text| check.parsed("OwnerId", parse_owner_id(&text)));
        let region_id = check.optional_non_empty("RegionId", self.region_id);
        let task_id = check.optional_non_empty("TaskId", self.task_id);
        check.finish(&QueryRtcAsrTasksRequest::SPEC, || {
            Some(QueryRtcAsrTasksRequest {
                owner_id,
                region_id,
                task_id,
            })
        })
    }
}

/// `OwnerId` is an integer in the SDK model (a Python `int`, written with `str()`).
pub(crate) fn parse_owner_id(text: &str) -> Result<u64, String> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "{:?} is not a non-negative integer",
            crate::json::shorten(text, 40)
        ));
    }
    text.parse()
        .map_err(|_| format!("{:?} is too large", crate::json::shorten(text, 40)))
}

impl Operation for QueryRtcAsrTasksRequest {
    const SPEC: OperationSpec = OperationSpec {
        action: "QueryRtcAsrTasks",
        version: Product::Live.api_version(),
        product: Product::Live,
        method: HttpMethod::Post,
        params: &[
            ParamSpec {
                name: "OwnerId",
                required: false,
            },
            ParamSpec {
                name: "RegionId",
                required: false,
            },
            ParamSpec {
                name: "TaskId",
                required: false,
            },
        ],
    };

    type Response = QueryRtcAsrTasksResponse;

    fn wire_params(&self) -> Vec<(&'static str, String)> {
        let optional = [
            ("OwnerId", self.owner_id.map(|id| id.to_string())),
            ("RegionId", self.region_id.clone()),
            ("TaskId", self.task_id.clone()),
        ];
        optional
            .into_iter()
            .filter_map(|(name, value)| Some((name, value?)))
            .collect()
    }

    fn from_wire_params(params: &[(String, String)]) -> Result<Self, ModelError> {
        let mut wire = WireParams::new(params);
        let builder = QueryRtcAsrTasksBuilder {
            owner_id: wire.get("OwnerId"),
            region_id: wire.get("RegionId"),
            task_id: wire.get("TaskId"),
        };
        builder.build_with(wire.into_violations())
    }
}

/// A `RetCode`: 2000 is success, anything else an error the caller must surface.
///
/// ```
/// use aliasr_models::RetCode;
/// assert!(RetCode::SUCCESS.is_success());
/// assert!(!RetCode(4001).is_success());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct RetCode(pub i64);

impl RetCode {
    /// `2000`.
    pub const SUCCESS: RetCode = RetCode(2000);

    /// True for 2000.
    pub fn is_success(self) -> bool {
        self == Self::SUCCESS
    }
}

impl fmt::Display for RetCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl<'de> Deserialize<'de> for RetCode {
    /// An integer, or a string holding one (`"2000"`).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match crate::lenient::opt_integer(deserializer)? {
            Some(code) => Ok(RetCode(code)),
            None => Err(de::Error::invalid_type(
                de::Unexpected::Unit,
                &"an integer RetCode",
            )),
        }
    }
}

/// The body of a QueryRtcAsrTasks answer.
///
/// `Tasks` maps task ids to tasks. The documented example gives each task as a
/// **stringified** JSON object; both that and a plain object are accepted.
///
/// ```
/// use aliasr_models::QueryRtcAsrTasksResponse;
///
/// let body = r#"{"RequestId": "r-1", "RetCode": 2000, "Description": "success",
///                "Tasks": {"t-1": "{\"taskId\": \"t-1\", \"status\": 1}"}}"#;
/// let response = QueryRtcAsrTasksResponse::from_json(body)?.into_result()?;
/// assert_eq!(response.tasks["t-1"].task_id.as_deref(), Some("t-1"));
///
/// let failed = QueryRtcAsrTasksResponse::from_json(r#"{"RetCode": 4001, "Description": "no such task"}"#)?;
/// assert!(failed.into_result().unwrap_err().to_string().contains("RetCode 4001"));
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct QueryRtcAsrTasksResponse {
    /// `RequestId`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
    /// `RetCode`: 2000 on success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ret_code: Option<RetCode>,
    /// `Description`: `success`, or what went wrong.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// `Tasks`: task id → task (absent or `null` reads as empty).
    #[serde(
        default,
        deserialize_with = "deserialize_tasks",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub tasks: BTreeMap<String, RtcAsrTask>,
}

impl QueryRtcAsrTasksResponse {
    /// Writes the body as compact JSON with PascalCase keys, as the service sends it.
    pub fn to_json(&self) -> String {
        crate::json::to_json_text(self)
    }

    /// Parses a QueryRtcAsrTasks answer body (whatever its `RetCode`).
    pub fn from_json(body: &str) -> Result<Self, ModelError> {
        QueryRtcAsrTasksRequest::parse_response(body)
    }

    /// True when `RetCode` is 2000.
    pub fn is_success(&self) -> bool {
        self.ret_code.is_some_and(RetCode::is_success)
    }

    /// The response if `RetCode` is 2000, else [`ModelError::RetCodeFailure`] (a missing
    /// `RetCode` is a failure too: success must be stated).
    pub fn into_result(self) -> Result<Self, ModelError> {
        if self.is_success() {
            Ok(self)
        } else {
            Err(ModelError::RetCodeFailure {
                ret_code: self.ret_code.map(|code| code.0),
                description: self.description,
                request_id: self.request_id,
            })
        }
    }
}

/// One real-time ASR task. Every field is optional; unknown keys are ignored. Fields that the
/// documentation shows as strings in one place and numbers in another are [`NumberOrString`].
///
/// ```
/// use aliasr_models::{NumberOrString, RtcAsrTask};
///
/// let task: RtcAsrTask = serde_json::from_str(r#"{"taskId": "asr-1", "status": 1, "autoTerminateDelay": "10", "mode": "live"}"#)?;
/// assert_eq!(task.task_id.as_deref(), Some("asr-1"));
/// assert_eq!(task.status, Some(NumberOrString::Integer(1)));
/// assert_eq!(task.auto_terminate_delay.as_ref().and_then(NumberOrString::as_i64), Some(10));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RtcAsrTask {
    /// `createdAt`, for example `2024-05-14T11:52:02+08:00`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_at: Option<String>,
    /// `updatedAt`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated_at: Option<String>,
    /// `mode`, for example `live`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub mode: Option<String>,
    /// `taskId`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub task_id: Option<String>,
    /// `language`, for example `cn`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub language: Option<String>,
    /// `callbackUrl`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub callback_url: Option<String>,
    /// `autoTerminateDelay` (`"10"` in the documentation, a number elsewhere).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_terminate_delay: Option<NumberOrString>,
    /// `streamUrl`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub stream_url: Option<String>,
    /// `status` (`1` in the documentation, a word elsewhere).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<NumberOrString>,
    /// `reportInterval`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_interval: Option<NumberOrString>,
    /// `aliUid`: the owning account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ali_uid: Option<NumberOrString>,
    /// `tag`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub tag: Option<String>,
}

/// A task given either as an object or as a string holding one.
struct TaskEntry(RtcAsrTask);

impl<'de> Deserialize<'de> for TaskEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TaskVisitor;
        impl<'de> Visitor<'de> for TaskVisitor {
            type Value = TaskEntry;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a task object or a string holding one")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<TaskEntry, E> {
                serde_json::from_str(text).map(TaskEntry).map_err(|err| {
                    E::custom(format_args!(
                        "task given as a string that is not a task object ({err}; text starts {:?})",
                        crate::json::shorten(text, 40)
                    ))
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<TaskEntry, A::Error> {
                RtcAsrTask::deserialize(de::value::MapAccessDeserializer::new(map)).map(TaskEntry)
            }
        }
        deserializer.deserialize_any(TaskVisitor)
    }
}

/// `Tasks`: an object of task entries, `null`, or (tolerated) a string holding that object.
fn deserialize_tasks<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, RtcAsrTask>, D::Error> {
    struct TasksVisitor;
    impl<'de> Visitor<'de> for TasksVisitor {
        type Value = BTreeMap<String, RtcAsrTask>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object of tasks keyed by task id")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(BTreeMap::new())
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(BTreeMap::new())
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
            let mut deserializer = serde_json::Deserializer::from_str(text);
            let tasks = (&mut deserializer)
                .deserialize_map(TasksVisitor)
                .map_err(E::custom)?;
            deserializer.end().map_err(E::custom)?;
            Ok(tasks)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut tasks = BTreeMap::new();
            while let Some((id, TaskEntry(task))) = map.next_entry::<String, TaskEntry>()? {
                tasks.insert(id, task);
            }
            Ok(tasks)
        }
    }
    deserializer.deserialize_any(TasksVisitor)
}
