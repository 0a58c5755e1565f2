//! ICE `GetSmartHandleJob`: request and response, with on-demand decoding of the fields that
//! arrive as JSON strings holding JSON (`AiResult`, `Output`, `UserData`, `Usage`, `JobParameters`).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::json::parse_document;
use crate::operation::WireParams;
use crate::segment::parse_segments_named;
use crate::violation::{Checker, Violations};
use crate::{
    HttpMethod, JobState, ModelError, NumberOrString, Operation, OperationSpec, ParamSpec, Product,
    Segment, SegmentParseOptions,
};

/// A checked GetSmartHandleJob request: the state and result of one job.
///
/// ```
/// use aliasr_models::{GetSmartHandleJobRequest, Operation};
///
/// let request = GetSmartHandleJobRequest::new("9b5b3d5fa7e84fbd8e1cfa2b1f8c0a11")?;
/// assert_eq!(request.wire_params(), [("JobId", "9b5b3d5fa7e84fbd8e1cfa2b1f8c0a11".to_owned())]);
/// assert!(GetSmartHandleJobRequest::new("").is_err());
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GetSmartHandleJobRequest {
    job_id: String,
}

impl GetSmartHandleJobRequest {
    /// A request for `job_id` (required, not empty).
    pub fn new(job_id: impl Into<String>) -> Result<Self, ModelError> {
        Self::build(Some(job_id.into()), Violations::default())
    }

    /// `JobId`.
    pub fn job_id(&self) -> &str {
        &self.job_id
    }

    fn build(job_id: Option<String>, earlier: Violations) -> Result<Self, ModelError> {
        let mut check = Checker::new(earlier);
        let job_id = check.required("JobId", job_id);
        check.finish(&Self::SPEC, || Some(Self { job_id: job_id? }))
    }
}

impl Operation for GetSmartHandleJobRequest {
    const SPEC: OperationSpec = OperationSpec {
        action: "GetSmartHandleJob",
        version: Product::Ice.api_version(),
        product: Product::Ice,
        method: HttpMethod::Post,
        params: &[ParamSpec {
            name: "JobId",
            required: true,
        }],
    };

    type Response = GetSmartHandleJobResponse;

    fn wire_params(&self) -> Vec<(&'static str, String)> {
        vec![("JobId", self.job_id.clone())]
    }

    fn from_wire_params(params: &[(String, String)]) -> Result<Self, ModelError> {
        let mut wire = WireParams::new(params);
        let job_id = wire.get("JobId");
        Self::build(job_id, wire.into_violations())
    }
}

/// The body of a GetSmartHandleJob answer.
///
/// A failed job is an HTTP 200 with `State: "Failed"` and `ErrorCode`/`ErrorMessage`, not an
/// error body. `AiResult` and the other JSON-in-a-string fields are kept as received, so a
/// body with an odd `AiResult` still parses; decode them with the accessors.
///
/// ```
/// use aliasr_models::{GetSmartHandleJobResponse, JobState};
///
/// let body = r#"{
///   "RequestId": "r-1", "JobId": "j-1", "State": "Finished",
///   "JobResult": {"AiResult": "[{\"content\":\"Hello\",\"from\":0.0,\"to\":0.85}]"},
///   "SmartJobInfo": {"JobType": "ASR", "UserId": 1234562230123456}
/// }"#;
/// let response = GetSmartHandleJobResponse::from_json(body)?;
/// assert_eq!(response.state, Some(JobState::Finished));
/// assert_eq!(response.ai_result()?[0].content, "Hello");
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetSmartHandleJobResponse {
    /// `RequestId`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
    /// `JobId`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub job_id: Option<String>,
    /// `State` of the job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<JobState>,
    /// `ErrorCode`, only when the job failed.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub error_code: Option<String>,
    /// `ErrorMessage`, only when the job failed.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub error_message: Option<String>,
    /// `JobResult`, when the job finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_result: Option<JobResult>,
    /// `Output`: a JSON string (for ASR jobs, the same segment list as `AiResult`).
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_json_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub output: Option<String>,
    /// `UserData`: the JSON string given at submission.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_json_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub user_data: Option<String>,
    /// `SmartJobInfo`: what the job is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smart_job_info: Option<SmartJobInfo>,
}

const RESPONSE: &str = "GetSmartHandleJob response";

impl GetSmartHandleJobResponse {
    /// Writes the body as compact JSON with PascalCase keys, as the service sends it.
    pub fn to_json(&self) -> String {
        crate::json::to_json_text(self)
    }

    /// Parses a GetSmartHandleJob answer body.
    pub fn from_json(body: &str) -> Result<Self, ModelError> {
        GetSmartHandleJobRequest::parse_response(body)
    }

    /// True when `State` is `Finished` or `Failed`.
    pub fn is_terminal(&self) -> bool {
        self.state.as_ref().is_some_and(JobState::is_terminal)
    }

    /// Decodes `JobResult.AiResult` into segments, strictly (see [`crate::parse_segments`]).
    pub fn ai_result(&self) -> Result<Vec<Segment>, ModelError> {
        self.ai_result_with(SegmentParseOptions::default())
    }

    /// Decodes `JobResult.AiResult` with explicit options.
    pub fn ai_result_with(&self, options: SegmentParseOptions) -> Result<Vec<Segment>, ModelError> {
        match &self.job_result {
            Some(result) => result.ai_result_with(options),
            None => Err(missing("JobResult.AiResult")),
        }
    }

    /// Decodes `Output` as a segment list (what ASR jobs put there).
    pub fn output_segments(&self) -> Result<Vec<Segment>, ModelError> {
        let output = self.output.as_deref().ok_or_else(|| missing("Output"))?;
        parse_segments_named("Output", output, SegmentParseOptions::default())
    }

    /// Decodes `UserData` into your own type.
    pub fn user_data_as<T: DeserializeOwned>(&self) -> Result<T, ModelError> {
        decode_text("UserData", self.user_data.as_deref())
    }
}

/// `JobResult` of a GetSmartHandleJob answer.
///
/// ```
/// use aliasr_models::GetSmartHandleJobResponse;
///
/// let body = r#"{"JobResult": {"AiResult": "[{\"content\":\"Hi\",\"from\":0.5,\"to\":1.0}]", "MediaId": "m-1"}}"#;
/// let result = GetSmartHandleJobResponse::from_json(body)?.job_result.unwrap();
/// assert_eq!(result.media_id.as_deref(), Some("m-1"));
/// assert_eq!(result.ai_result()?[0].from, 0.5);
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct JobResult {
    /// `AiResult`: a JSON string holding the segment list `[{"content","from","to"}]`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_json_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub ai_result: Option<String>,
    /// `MediaId`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub media_id: Option<String>,
    /// `MediaUrl`: the output media of the job, if any.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub media_url: Option<String>,
    /// `Usage`: a JSON string with token usage (keyword-expansion jobs only).
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_json_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub usage: Option<String>,
}

impl JobResult {
    /// Decodes `AiResult` into segments, strictly.
    pub fn ai_result(&self) -> Result<Vec<Segment>, ModelError> {
        self.ai_result_with(SegmentParseOptions::default())
    }

    /// Decodes `AiResult` with explicit options.
    pub fn ai_result_with(&self, options: SegmentParseOptions) -> Result<Vec<Segment>, ModelError> {
        let text = self
            .ai_result
            .as_deref()
            .ok_or_else(|| missing("JobResult.AiResult"))?;
        parse_segments_named("JobResult.AiResult", text, options)
    }

    /// Decodes `Usage` into your own type.
    pub fn usage_as<T: DeserializeOwned>(&self) -> Result<T, ModelError> {
        decode_text("JobResult.Usage", self.usage.as_deref())
    }
}

/// `SmartJobInfo` of a GetSmartHandleJob answer.
///
/// ```
/// use aliasr_models::{GetSmartHandleJobResponse, NumberOrString};
///
/// let body = r#"{"SmartJobInfo": {"JobType": "ASR", "UserId": "1234562230123456", "Title": "q2-review"}}"#;
/// let info = GetSmartHandleJobResponse::from_json(body)?.smart_job_info.unwrap();
/// assert_eq!(info.job_type.as_deref(), Some("ASR"));
/// assert_eq!(info.user_id.as_ref().and_then(NumberOrString::as_i64), Some(1234562230123456));
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct SmartJobInfo {
    /// `JobType`, `ASR` for these jobs.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub job_type: Option<String>,
    /// `CreateTime`, UTC, for example `2022-01-21T06:15:02Z`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub create_time: Option<String>,
    /// `ModifiedTime`, UTC.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub modified_time: Option<String>,
    /// `Title`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub title: Option<String>,
    /// `Description`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// `UserId`: a number in the documented sample, a string in the SDK model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<NumberOrString>,
    /// `InputConfig`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_config: Option<InputConfig>,
    /// `OutputConfig`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_config: Option<OutputConfig>,
}

/// `SmartJobInfo.InputConfig`.
///
/// ```
/// use aliasr_models::GetSmartHandleJobResponse;
///
/// let body = r#"{"SmartJobInfo": {"InputConfig": {"InputFile": "oss://b-1.oss-cn-shanghai.aliyuncs.com/a.mp4",
///   "JobParameters": "{\"duration\":\"00:30:00\",\"start_time\":\"00:00:00\"}"}}}"#;
/// let response = GetSmartHandleJobResponse::from_json(body)?;
/// let input = response.smart_job_info.unwrap().input_config.unwrap();
/// assert_eq!(input.job_parameters()?.duration.as_deref(), Some("00:30:00"));
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct InputConfig {
    /// `InputFile`: the OSS URL or media id submitted.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub input_file: Option<String>,
    /// `JobParameters`: a JSON string such as `{"duration":"00:30:00","start_time":"00:00:00"}`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_json_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub job_parameters: Option<String>,
}

impl InputConfig {
    /// Decodes `JobParameters`.
    pub fn job_parameters(&self) -> Result<JobParameters, ModelError> {
        decode_text(
            "SmartJobInfo.InputConfig.JobParameters",
            self.job_parameters.as_deref(),
        )
    }
}

/// The decoded `JobParameters` of a job; unknown keys are ignored.
///
/// ```
/// use aliasr_models::{InputConfig, JobParameters};
///
/// let mut input = InputConfig::default();
/// input.job_parameters = Some(r#"{"start_time": "00:00:00", "request_params": "&enable_word_level_result=true", "new_key": 1}"#.into());
/// let parameters: JobParameters = input.job_parameters()?;
/// assert_eq!(parameters.request_params.as_deref(), Some("&enable_word_level_result=true"));
/// assert_eq!(parameters.duration, None);
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct JobParameters {
    /// `duration`, `HH:MM:SS`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub duration: Option<String>,
    /// `start_time`, `HH:MM:SS`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub start_time: Option<String>,
    /// `request_params`, extra recognition parameters such as `&enable_word_level_result=true`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_params: Option<String>,
}

/// `SmartJobInfo.OutputConfig`.
///
/// ```
/// use aliasr_models::GetSmartHandleJobResponse;
///
/// let body = r#"{"SmartJobInfo": {"OutputConfig": {"Bucket": "out-bucket", "Object": "asr/result.json"}}}"#;
/// let output = GetSmartHandleJobResponse::from_json(body)?.smart_job_info.unwrap().output_config.unwrap();
/// assert_eq!((output.bucket.as_deref(), output.object.as_deref()), (Some("out-bucket"), Some("asr/result.json")));
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct OutputConfig {
    /// `Bucket`: the OSS bucket.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub bucket: Option<String>,
    /// `Object`: the OSS object.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub object: Option<String>,
}

fn missing(field: &str) -> ModelError {
    ModelError::MissingField {
        what: RESPONSE.to_owned(),
        field: field.to_owned(),
    }
}

fn decode_text<T: DeserializeOwned>(field: &str, text: Option<&str>) -> Result<T, ModelError> {
    let text = text.ok_or_else(|| missing(field))?;
    parse_document(field, text)
}
