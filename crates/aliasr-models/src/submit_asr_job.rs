//! ICE `SubmitASRJob`: request, builder and response.

use serde::{Deserialize, Serialize};

use crate::input_file::parse_input_file;
use crate::operation::WireParams;
use crate::timecode::parse_timecode;
use crate::violation::{Checker, Violations};
use crate::{
    EditingConfig, HttpMethod, InputFile, JobState, ModelError, Operation, OperationSpec,
    ParamSpec, Product, Timecode, UserData,
};

/// The documented limit for `Title` and `Description`, in UTF-8 bytes.
pub const MAX_TITLE_BYTES: usize = 128;

/// A checked SubmitASRJob request: submits an ASR job that finds the speech in a media file
/// and returns its text with start and end times.
///
/// Build one with [`SubmitAsrJobRequest::builder`]; every documented rule is checked at
/// [`SubmitAsrJobBuilder::build`] and every violation is reported at once.
///
/// ```
/// use aliasr_models::{EditingConfig, Operation, SubmitAsrJobRequest};
///
/// let request = SubmitAsrJobRequest::builder()
///     .input_file("oss://example-bucket.oss-cn-shanghai.aliyuncs.com/meeting.mp4")
///     .title("Q2 review")
///     .start_time("00:00:05")
///     .duration("00:10:00")
///     .editing_config(EditingConfig::new().with_hotword_library_id("hwl-1"))
///     .user_data_json(r#"{"biz": "q2"}"#)
///     .build()?;
/// let names: Vec<_> = request.wire_params().into_iter().map(|(name, _)| name).collect();
/// assert_eq!(names, ["Duration", "EditingConfig", "InputFile", "StartTime", "Title", "UserData"]);
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmitAsrJobRequest {
    input_file: InputFile,
    title: Option<String>,
    description: Option<String>,
    start_time: Option<Timecode>,
    duration: Option<Timecode>,
    editing_config: Option<EditingConfig>,
    user_data: Option<UserData>,
}

impl SubmitAsrJobRequest {
    /// A builder with nothing set.
    pub fn builder() -> SubmitAsrJobBuilder {
        SubmitAsrJobBuilder::default()
    }

    /// `InputFile`: the media to transcribe.
    pub fn input_file(&self) -> &InputFile {
        &self.input_file
    }

    /// `Title`, at most 128 bytes.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// `Description`, at most 128 bytes.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// `StartTime`: where recognition starts.
    pub fn start_time(&self) -> Option<Timecode> {
        self.start_time
    }

    /// `Duration`: how much is recognised.
    pub fn duration(&self) -> Option<Timecode> {
        self.duration
    }

    /// `EditingConfig`: recognition settings.
    pub fn editing_config(&self) -> Option<&EditingConfig> {
        self.editing_config.as_ref()
    }

    /// `UserData`: your own JSON object.
    pub fn user_data(&self) -> Option<&UserData> {
        self.user_data.as_ref()
    }
}

/// How the builder was given a JSON-object parameter: typed, or as text to check at build.
#[derive(Debug, Clone)]
enum JsonInput<T> {
    Typed(T),
    Text(String),
}

/// Builder for [`SubmitAsrJobRequest`]; setters take plain values and [`build`](Self::build)
/// checks them all.
///
/// ```
/// use aliasr_models::{SubmitAsrJobRequest, Timecode};
///
/// let request = SubmitAsrJobRequest::builder()
///     .input_file("****20b48fb04483915d4f2cd8ac****")
///     .duration(Timecode::from_secs(600)?.to_string())
///     .build()?;
/// assert_eq!(request.duration().map(|d| d.total_millis()), Some(600_000));
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct SubmitAsrJobBuilder {
    input_file: Option<String>,
    title: Option<String>,
    description: Option<String>,
    start_time: Option<String>,
    duration: Option<String>,
    editing_config: Option<JsonInput<EditingConfig>>,
    user_data: Option<JsonInput<UserData>>,
}

impl SubmitAsrJobBuilder {
    /// `InputFile` (required): `oss://bucket.endpoint/object` or a media id.
    pub fn input_file(mut self, input_file: impl Into<String>) -> Self {
        self.input_file = Some(input_file.into());
        self
    }

    /// `Title`: at most 128 bytes of UTF-8.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// `Description`: at most 128 bytes of UTF-8.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// `StartTime`: `HH:MM:SS` or `HH:MM:SS.mmm`.
    pub fn start_time(mut self, start_time: impl Into<String>) -> Self {
        self.start_time = Some(start_time.into());
        self
    }

    /// `Duration`: `HH:MM:SS` or `HH:MM:SS.mmm`.
    pub fn duration(mut self, duration: impl Into<String>) -> Self {
        self.duration = Some(duration.into());
        self
    }

    /// `EditingConfig`, typed.
    pub fn editing_config(mut self, config: EditingConfig) -> Self {
        self.editing_config = Some(JsonInput::Typed(config));
        self
    }

    /// `EditingConfig` as JSON text, checked at build.
    pub fn editing_config_json(mut self, json: impl Into<String>) -> Self {
        self.editing_config = Some(JsonInput::Text(json.into()));
        self
    }

    /// `UserData`, typed.
    pub fn user_data(mut self, data: UserData) -> Self {
        self.user_data = Some(JsonInput::Typed(data));
        self
    }

    /// `UserData` as JSON text (must be an object), checked at build.
    pub fn user_data_json(mut self, json: impl Into<String>) -> Self {
        self.user_data = Some(JsonInput::Text(json.into()));
        self
    }

    /// Checks every rule and builds the request, or lists every violation in
    /// [`ModelError::InvalidRequest`].
    pub fn build(self) -> Result<SubmitAsrJobRequest, ModelError> {
        self.build_with(Violations::default())
    }

    fn build_with(self, earlier: Violations) -> Result<SubmitAsrJobRequest, ModelError> {
        let mut check = Checker::new(earlier);
        let description = check.max_bytes("Description", self.description, MAX_TITLE_BYTES);
        let duration = self
            .duration
            .and_then(|text| check.parsed("Duration", parse_timecode(&text)));
        let editing_config = self.editing_config.and_then(|input| match input {
            JsonInput::Typed(config) => Some(config),
            JsonInput::Text(text) => check.parsed(
                "EditingConfig",
                EditingConfig::from_json(&text).map_err(reason),
            ),
        });
        let input_file = check
            .required("InputFile", self.input_file)
            .and_then(|text| check.parsed("InputFile", parse_input_file(&text)));
        let start_time = self
            .start_time
            .and_then(|text| check.parsed("StartTime", parse_timecode(&text)));
        let title = check.max_bytes("Title", self.title, MAX_TITLE_BYTES);
        let user_data = self.user_data.and_then(|input| match input {
            JsonInput::Typed(data) => Some(data),
            JsonInput::Text(text) => {
                check.parsed("UserData", UserData::from_json(&text).map_err(reason))
            }
        });
        check.finish(&SubmitAsrJobRequest::SPEC, || {
            Some(SubmitAsrJobRequest {
                input_file: input_file?,
                title,
                description,
                start_time,
                duration,
                editing_config,
                user_data,
            })
        })
    }
}

/// The message of a nested error, without repeating the parameter name the violation carries.
fn reason(err: ModelError) -> String {
    match err {
        ModelError::MalformedJson {
            line,
            column,
            message,
            ..
        } => {
            format!("not JSON: {message} at line {line}, column {column}")
        }
        ModelError::UnexpectedJson { message, .. } => format!("not a JSON object: {message}"),
        ModelError::InvalidValue { what, reason, .. } => format!("{what} {reason}"),
        other => other.to_string(),
    }
}

impl Operation for SubmitAsrJobRequest {
    const SPEC: OperationSpec = OperationSpec {
        action: "SubmitASRJob",
        version: Product::Ice.api_version(),
        product: Product::Ice,
        method: HttpMethod::Post,
        params: &[
            ParamSpec {
                name: "Description",
                required: false,
            },
            ParamSpec {
                name: "Duration",
                required: false,
            },
            ParamSpec {
                name: "EditingConfig",
                required: false,
            },
            ParamSpec {
                name: "InputFile",
                required: true,
            },
            ParamSpec {
                name: "StartTime",
                required: false,
            },
            ParamSpec {
                name: "Title",
                required: false,
            },
            ParamSpec {
                name: "UserData",
                required: false,
            },
        ],
    };

    type Response = SubmitAsrJobResponse;

    fn wire_params(&self) -> Vec<(&'static str, String)> {
        let optional = [
            ("Description", self.description.clone()),
            ("Duration", self.duration.map(|t| t.to_string())),
            (
                "EditingConfig",
                self.editing_config.as_ref().map(EditingConfig::to_json),
            ),
            ("InputFile", Some(self.input_file.to_string())),
            ("StartTime", self.start_time.map(|t| t.to_string())),
            ("Title", self.title.clone()),
            (
                "UserData",
                self.user_data.as_ref().map(|d| d.as_json().to_owned()),
            ),
        ];
        optional
            .into_iter()
            .filter_map(|(name, value)| Some((name, value?)))
            .collect()
    }

    fn from_wire_params(params: &[(String, String)]) -> Result<Self, ModelError> {
        let mut wire = WireParams::new(params);
        let mut builder = Self::builder();
        builder.description = wire.get("Description");
        builder.duration = wire.get("Duration");
        builder.editing_config = wire.get("EditingConfig").map(JsonInput::Text);
        builder.input_file = wire.get("InputFile");
        builder.start_time = wire.get("StartTime");
        builder.title = wire.get("Title");
        builder.user_data = wire.get("UserData").map(JsonInput::Text);
        builder.build_with(wire.into_violations())
    }
}

/// The body of a successful SubmitASRJob answer.
///
/// ```
/// use aliasr_models::{JobState, SubmitAsrJobResponse};
///
/// let body = r#"{"RequestId": "r-1", "JobId": "****20b48fb04483915d4f2cd8ac****", "State": "Finished"}"#;
/// let response = SubmitAsrJobResponse::from_json(body)?;
/// assert_eq!(response.state, Some(JobState::Finished));
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct SubmitAsrJobResponse {
    /// `RequestId`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
    /// `JobId`: poll it with GetSmartHandleJob.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub job_id: Option<String>,
    /// `State` of the new job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<JobState>,
}

impl SubmitAsrJobResponse {
    /// Writes the body as compact JSON with PascalCase keys, as the service sends it.
    pub fn to_json(&self) -> String {
        crate::json::to_json_text(self)
    }

    /// Parses a SubmitASRJob answer body.
    pub fn from_json(body: &str) -> Result<Self, ModelError> {
        SubmitAsrJobRequest::parse_response(body)
    }
}
