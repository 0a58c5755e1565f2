//! The four operations, on the emulator's state. Requests are decoded with `aliasr-models`
//! (`Operation::from_wire_params`), the same definitions a client encodes with.

use aliasr_models::{
    GetSmartHandleJobResponse, InputConfig, JobResult, JobState, ModelError, NumberOrString,
    Operation, RealTimeRecordCommandRequest, RecordCommand, SmartJobInfo, SubmitAsrJobRequest,
    SubmitAsrJobResponse,
};

use crate::config::{EmulatorConfig, StreamSpec, glob_matches};
use crate::gateway::Failure;
use crate::state::{JobRecord, RecordingFile, RecordingState, State, StreamRecord, stream_name};
use crate::transcript;

/// What every operation gets to work with.
pub(crate) struct Call<'a> {
    pub(crate) config: &'a EmulatorConfig,
    pub(crate) state: &'a mut State,
    pub(crate) params: &'a [(String, String)],
    pub(crate) access_key_id: &'a str,
    pub(crate) request_id: &'a str,
    pub(crate) now_ms: i64,
}

fn bad_request(error: &ModelError) -> Failure {
    let code = error
        .request_error_code()
        .map_or_else(|| "InvalidParameter".to_owned(), |code| code.to_string());
    Failure::new(400, &code, error.to_string())
}

fn param<'p>(params: &'p [(String, String)], name: &str) -> Option<&'p str> {
    params
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

pub(crate) fn submit_asr_job(call: Call<'_>) -> Result<String, Failure> {
    let request =
        SubmitAsrJobRequest::from_wire_params(call.params).map_err(|e| bad_request(&e))?;
    forget_old_jobs(call.state, call.config, call.now_ms);
    if call.state.jobs.len() >= call.config.max_jobs {
        return Err(Failure::new(
            400,
            "QuotaExceeded.Job",
            format!(
                "The emulator keeps at most {} jobs (max_jobs, --max-jobs); restart it or raise the limit.",
                call.config.max_jobs
            ),
        ));
    }
    call.state.job_counter += 1;
    let job_id = job_id(call.config.seed, call.state.job_counter);
    let input_file = param(call.params, "InputFile")
        .unwrap_or_default()
        .to_owned();
    let will_fail = call
        .config
        .fail_inputs
        .iter()
        .any(|pattern| glob_matches(pattern, &input_file));
    let record = JobRecord {
        job_id: job_id.clone(),
        input_file,
        title: request.title().map(str::to_owned),
        description: request.description().map(str::to_owned),
        user_data: param(call.params, "UserData").map(str::to_owned),
        duration: param(call.params, "Duration").map(str::to_owned),
        start_time: param(call.params, "StartTime").map(str::to_owned),
        created_ms: call.now_ms,
        will_fail,
        access_key_id: call.access_key_id.to_owned(),
    };
    call.state.jobs.insert(job_id.clone(), record);
    call.state.job_order.push_back(job_id.clone());
    let mut response = SubmitAsrJobResponse::default();
    response.request_id = Some(call.request_id.to_owned());
    response.job_id = Some(job_id);
    response.state = Some(JobState::Created);
    Ok(response.to_json())
}

/// Drops jobs older than `job_ttl`, oldest first (submission order is time order).
fn forget_old_jobs(state: &mut State, config: &EmulatorConfig, now_ms: i64) {
    let ttl_ms = i64::try_from(config.job_ttl.as_millis()).unwrap_or(i64::MAX);
    while let Some(oldest) = state.job_order.front() {
        let expired = state
            .jobs
            .get(oldest)
            .is_none_or(|job| now_ms.saturating_sub(job.created_ms) > ttl_ms);
        if !expired {
            break;
        }
        if let Some(id) = state.job_order.pop_front() {
            state.jobs.remove(&id);
        }
    }
}

/// 32 lowercase hex characters, unique per emulator run.
fn job_id(seed: u64, counter: u64) -> String {
    let mut state = seed ^ counter.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let high = transcript::next(&mut state);
    format!("{high:016x}{counter:016x}")
}

pub(crate) fn get_smart_handle_job(call: Call<'_>) -> Result<String, Failure> {
    let request = aliasr_models::GetSmartHandleJobRequest::from_wire_params(call.params)
        .map_err(|e| bad_request(&e))?;
    let job = call.state.jobs.get(request.job_id()).ok_or_else(|| {
        Failure::new(
            404,
            "InvalidParameter.JobId",
            format!(
                "The specified JobId \"{}\" does not exist.",
                request.job_id()
            ),
        )
    })?;
    let duration_ms = i64::try_from(call.config.job_duration.as_millis()).unwrap_or(i64::MAX);
    let elapsed = call.now_ms - job.created_ms;
    let state = if elapsed >= duration_ms {
        if job.will_fail {
            JobState::Failed
        } else {
            JobState::Finished
        }
    } else if elapsed * 10 < duration_ms {
        JobState::Created
    } else {
        JobState::Executing
    };

    let mut body = GetSmartHandleJobResponse::default();
    body.request_id = Some(call.request_id.to_owned());
    body.job_id = Some(job.job_id.clone());
    body.user_data = job.user_data.clone();
    let mut info = SmartJobInfo::default();
    info.job_type = Some("ASR".into());
    info.create_time = Some(iso8601(job.created_ms));
    info.modified_time = Some(iso8601(call.now_ms.min(job.created_ms + duration_ms)));
    info.title = job.title.clone();
    info.description = job.description.clone();
    info.user_id = Some(NumberOrString::Integer(
        i64::try_from(call.config.account_id).unwrap_or(i64::MAX),
    ));
    let mut input = InputConfig::default();
    input.input_file = Some(job.input_file.clone());
    input.job_parameters = Some(
        serde_json::json!({
            "duration": job.duration.clone().unwrap_or_else(|| "00:01:00".into()),
            "start_time": job.start_time.clone().unwrap_or_else(|| "00:00:00".into()),
        })
        .to_string(),
    );
    info.input_config = Some(input);
    body.smart_job_info = Some(info);
    match state {
        JobState::Finished => {
            let segments = match &call.config.transcript {
                Some(fixed) => fixed.clone(),
                None => {
                    transcript::generate(&job.input_file, job.duration.as_deref(), call.config.seed)
                }
            };
            let ai_result = serde_json::to_string(&segments).map_err(|e| {
                Failure::new(
                    500,
                    "InternalError",
                    format!("encoding the transcript: {e}"),
                )
            })?;
            let mut result = JobResult::default();
            result.ai_result = Some(ai_result.clone());
            body.job_result = Some(result);
            body.output = Some(ai_result);
        }
        JobState::Failed => {
            body.error_code = Some("InvalidParameter.InputFile".into());
            body.error_message = Some("The input file does not exist or cannot be read.".into());
        }
        _ => {}
    }
    body.state = Some(state);
    Ok(body.to_json())
}

pub(crate) fn query_rtc_asr_tasks(call: Call<'_>) -> Result<String, Failure> {
    let request = aliasr_models::QueryRtcAsrTasksRequest::from_wire_params(call.params)
        .map_err(|e| bad_request(&e))?;
    let config = call.config;
    let tasks = call.state.rtc_tasks.get_or_insert_with(|| {
        (0..config.rtc_tasks)
            .map(|index| {
                let (id, task) = rtc_task(config, index);
                // As in the documented example, each task is a JSON object serialised into a string.
                (id, task.to_string())
            })
            .collect()
    });
    let selected: Vec<&(String, String)> = match request.task_id() {
        Some(wanted) => {
            let found: Vec<_> = tasks.iter().filter(|(id, _)| id == wanted).collect();
            if found.is_empty() {
                return Err(Failure::new(
                    400,
                    "ConfigNotFound",
                    format!("task {wanted} not found, please check and try again later."),
                ));
            }
            found
        }
        None => tasks.iter().collect(),
    };
    let mut map = serde_json::Map::new();
    for (id, task) in selected {
        map.insert(id.clone(), serde_json::Value::String(task.clone()));
    }
    Ok(serde_json::json!({
        "RequestId": call.request_id,
        "RetCode": 2000,
        "Description": "success",
        "Tasks": map,
    })
    .to_string())
}

fn rtc_task(config: &EmulatorConfig, index: usize) -> (String, serde_json::Value) {
    let id = format!("asr-{:08x}-emul-4000-8000-{:012x}", config.seed, index);
    let languages = ["cn", "en"];
    let task = serde_json::json!({
        "createdAt": "2026-05-21T08:00:00+08:00",
        "updatedAt": "2026-05-21T08:05:00+08:00",
        "mode": "live",
        "taskId": id,
        "language": languages[index % languages.len()],
        "callbackUrl": "default",
        "autoTerminateDelay": "10",
        "streamUrl": format!("rtmp://demo.example.com/live/room{index}"),
        "status": 1,
        "reportInterval": "0",
        "aliUid": config.account_id.to_string(),
        "tag": format!("room{index}"),
    });
    (id, task)
}

pub(crate) fn real_time_record_command(call: Call<'_>) -> Result<String, Failure> {
    let request =
        RealTimeRecordCommandRequest::from_wire_params(call.params).map_err(|e| bad_request(&e))?;
    let spec = StreamSpec {
        domain: request.domain_name().to_owned(),
        app: request.app_name().to_owned(),
        stream: request.stream_name().to_owned(),
    };
    let known = known_streams(call.config);
    if !known.iter().any(|s| s.domain == spec.domain) {
        return Err(Failure::new(
            400,
            "CodeConfigNotFound",
            format!("domain {} has no recording configuration.", spec.domain),
        ));
    }
    if !known.contains(&spec) {
        return Err(Failure::new(
            409,
            "StreamNotFound",
            format!("stream {} not found.", stream_name(&spec)),
        ));
    }
    call.state.settle_recordings(call.now_ms);
    let latency_ms = i64::try_from(call.config.stop_latency.as_millis()).unwrap_or(i64::MAX);
    let now = call.now_ms;
    let files = &mut call.state.recording_files;
    let record = call
        .state
        .streams
        .entry(spec.clone())
        .or_insert(StreamRecord {
            state: RecordingState::Idle,
            started_ms: None,
        });
    let mut file_now = |record: &StreamRecord, reason: &'static str| {
        files.push(RecordingFile {
            stream: stream_name(&spec),
            started_ms: record.started_ms.unwrap_or(now),
            generated_ms: now,
            reason,
        });
    };
    match (request.command(), record.state) {
        (RecordCommand::Start, RecordingState::Recording) => {
            return Err(Failure::new(
                409,
                "TaskAlreadyStarted",
                "The task has already started.",
            ));
        }
        (RecordCommand::Start | RecordCommand::Restart, RecordingState::Stopping { .. }) => {
            file_now(record, "restart");
            *record = recording(now);
        }
        (RecordCommand::Start | RecordCommand::Restart, RecordingState::Idle) => {
            *record = recording(now);
        }
        (RecordCommand::Restart, RecordingState::Recording) => {
            file_now(record, "restart");
            *record = recording(now);
        }
        (RecordCommand::Stop, RecordingState::Recording) => {
            record.state = RecordingState::Stopping {
                file_due_ms: now.saturating_add(latency_ms),
            };
        }
        (
            RecordCommand::CancelDelay,
            RecordingState::Recording | RecordingState::Stopping { .. },
        ) => {
            file_now(record, "cancel_delay");
            *record = StreamRecord {
                state: RecordingState::Idle,
                started_ms: None,
            };
        }
        // Stopping what is not recording changes nothing, as stop is a pause.
        (RecordCommand::Stop | RecordCommand::CancelDelay, _) => {}
        (other, _) => {
            return Err(Failure::new(
                400,
                "MalformedParam",
                format!("Command {} is not supported.", other.as_str()),
            ));
        }
    }
    call.state.forget_old_recording_files();
    Ok(serde_json::json!({ "RequestId": call.request_id }).to_string())
}

fn recording(now: i64) -> StreamRecord {
    StreamRecord {
        state: RecordingState::Recording,
        started_ms: Some(now),
    }
}

fn known_streams(config: &EmulatorConfig) -> Vec<StreamSpec> {
    let mut streams = config.streams.clone();
    if let Ok(demo) = crate::config::DEMO_STREAM.parse() {
        streams.push(demo);
    }
    streams
}

/// `YYYY-MM-DDThh:mm:ssZ` for a Unix millisecond time.
pub(crate) fn iso8601(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .and_then(|t| {
            t.format(time::macros::format_description!(
                "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
            ))
            .ok()
        })
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}
