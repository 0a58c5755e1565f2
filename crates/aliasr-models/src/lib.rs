#![doc = include_str!("../README.md")]

mod error;
mod error_code;
mod get_smart_handle_job;
mod input_file;
mod job_state;
mod json;
mod json_params;
mod lenient;
mod operation;
mod query_rtc_asr_tasks;
mod real_time_record_command;
mod scalar;
mod segment;
mod service_error;
mod submit_asr_job;
mod timecode;
mod violation;

pub use error::ModelError;
pub use error_code::ErrorCode;
pub use get_smart_handle_job::{
    GetSmartHandleJobRequest, GetSmartHandleJobResponse, InputConfig, JobParameters, JobResult,
    OutputConfig, SmartJobInfo,
};
pub use input_file::{InputFile, OssLocation};
pub use job_state::JobState;
pub use json_params::{EditingConfig, UserData};
pub use operation::{HttpMethod, Operation, OperationKind, OperationSpec, ParamSpec, Product};
pub use query_rtc_asr_tasks::{
    QueryRtcAsrTasksBuilder, QueryRtcAsrTasksRequest, QueryRtcAsrTasksResponse, RetCode, RtcAsrTask,
};
pub use real_time_record_command::{
    RealTimeRecordCommandBuilder, RealTimeRecordCommandRequest, RealTimeRecordCommandResponse,
    RecordCommand,
};
pub use scalar::NumberOrString;
pub use segment::{
    NumberPolicy, Segment, SegmentError, SegmentErrors, SegmentParseOptions, SegmentProblem,
    SegmentTimeProblem, parse_segments, parse_segments_with,
};
pub use service_error::{AccessDeniedDetail, ServiceError};
pub use submit_asr_job::{
    MAX_TITLE_BYTES, SubmitAsrJobBuilder, SubmitAsrJobRequest, SubmitAsrJobResponse,
};
pub use timecode::Timecode;
pub use violation::{Violation, ViolationProblem, Violations};
