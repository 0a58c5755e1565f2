//! Proptest strategies for every model, shared by the property tests.

use aliasr_models::{
    AccessDeniedDetail, EditingConfig, ErrorCode, GetSmartHandleJobResponse, InputConfig,
    InputFile, JobResult, JobState, NumberOrString, OssLocation, OutputConfig,
    QueryRtcAsrTasksRequest, QueryRtcAsrTasksResponse, RealTimeRecordCommandRequest, RecordCommand,
    RetCode, RtcAsrTask, Segment, ServiceError, SmartJobInfo, SubmitAsrJobRequest, Timecode,
    UserData,
};
use proptest::prelude::*;

pub(crate) fn text() -> impl Strategy<Value = String> {
    any::<String>()
}

pub(crate) fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(text())
}

pub(crate) fn number_or_string() -> impl Strategy<Value = NumberOrString> {
    prop_oneof![
        any::<i64>().prop_map(NumberOrString::Integer),
        text().prop_map(NumberOrString::Text)
    ]
}

pub(crate) fn job_state() -> impl Strategy<Value = JobState> {
    prop_oneof![
        Just(JobState::Created),
        Just(JobState::Executing),
        Just(JobState::Finished),
        Just(JobState::Failed),
        text().prop_map(|s| JobState::from(s.as_str())),
    ]
}

pub(crate) fn error_code() -> impl Strategy<Value = ErrorCode> {
    let known: Vec<ErrorCode> = ErrorCode::known().collect();
    prop_oneof![
        proptest::sample::select(known),
        text().prop_map(ErrorCode::from)
    ]
}

/// Valid segments: finite, non-negative, `to >= from`, any content.
pub(crate) fn segment() -> impl Strategy<Value = Segment> {
    (text(), 0.0..1e7f64, 0.0..1e4f64).prop_map(|(content, from, length)| Segment {
        content,
        from,
        to: from + length,
    })
}

pub(crate) fn job_result() -> impl Strategy<Value = JobResult> {
    (
        proptest::option::of(prop::collection::vec(segment(), 0..8)),
        opt_text(),
        opt_text(),
        opt_text(),
    )
        .prop_map(|(segments, media_id, media_url, usage)| {
            let mut result = JobResult::default();
            result.ai_result = segments.map(|s| serde_json::to_string(&s).unwrap());
            result.media_id = media_id;
            result.media_url = media_url;
            result.usage = usage;
            result
        })
}

pub(crate) fn smart_job_info() -> impl Strategy<Value = SmartJobInfo> {
    (
        (opt_text(), opt_text(), opt_text(), opt_text(), opt_text()),
        proptest::option::of(number_or_string()),
        proptest::option::of((opt_text(), opt_text())),
        proptest::option::of((opt_text(), opt_text())),
    )
        .prop_map(
            |(
                (job_type, create_time, modified_time, title, description),
                user_id,
                input,
                output,
            )| {
                let mut info = SmartJobInfo::default();
                info.job_type = job_type;
                info.create_time = create_time;
                info.modified_time = modified_time;
                info.title = title;
                info.description = description;
                info.user_id = user_id;
                info.input_config = input.map(|(input_file, job_parameters)| {
                    let mut config = InputConfig::default();
                    config.input_file = input_file;
                    config.job_parameters = job_parameters;
                    config
                });
                info.output_config = output.map(|(bucket, object)| {
                    let mut config = OutputConfig::default();
                    config.bucket = bucket;
                    config.object = object;
                    config
                });
                info
            },
        )
}

pub(crate) fn get_smart_handle_job_response() -> impl Strategy<Value = GetSmartHandleJobResponse> {
    (
        (
            opt_text(),
            opt_text(),
            proptest::option::of(job_state()),
            opt_text(),
            opt_text(),
        ),
        proptest::option::of(job_result()),
        (opt_text(), opt_text()),
        proptest::option::of(smart_job_info()),
    )
        .prop_map(
            |(
                (request_id, job_id, state, error_code, error_message),
                job_result,
                (output, user_data),
                info,
            )| {
                let mut response = GetSmartHandleJobResponse::default();
                response.request_id = request_id;
                response.job_id = job_id;
                response.state = state;
                response.error_code = error_code;
                response.error_message = error_message;
                response.job_result = job_result;
                response.output = output;
                response.user_data = user_data;
                response.smart_job_info = info;
                response
            },
        )
}

pub(crate) fn rtc_asr_task() -> impl Strategy<Value = RtcAsrTask> {
    (
        (
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
        ),
        (
            proptest::option::of(number_or_string()),
            opt_text(),
            proptest::option::of(number_or_string()),
            proptest::option::of(number_or_string()),
            proptest::option::of(number_or_string()),
            opt_text(),
        ),
    )
        .prop_map(
            |(
                (created_at, updated_at, mode, task_id, language, callback_url),
                (auto_terminate_delay, stream_url, status, report_interval, ali_uid, tag),
            )| {
                let mut task = RtcAsrTask::default();
                task.created_at = created_at;
                task.updated_at = updated_at;
                task.mode = mode;
                task.task_id = task_id;
                task.language = language;
                task.callback_url = callback_url;
                task.auto_terminate_delay = auto_terminate_delay;
                task.stream_url = stream_url;
                task.status = status;
                task.report_interval = report_interval;
                task.ali_uid = ali_uid;
                task.tag = tag;
                task
            },
        )
}

pub(crate) fn query_rtc_asr_tasks_response() -> impl Strategy<Value = QueryRtcAsrTasksResponse> {
    (
        opt_text(),
        proptest::option::of(any::<i64>()),
        opt_text(),
        prop::collection::btree_map(text(), rtc_asr_task(), 0..4),
    )
        .prop_map(|(request_id, ret_code, description, tasks)| {
            let mut response = QueryRtcAsrTasksResponse::default();
            response.request_id = request_id;
            response.ret_code = ret_code.map(RetCode);
            response.description = description;
            response.tasks = tasks;
            response
        })
}

pub(crate) fn service_error() -> impl Strategy<Value = ServiceError> {
    (
        (
            opt_text(),
            opt_text(),
            proptest::option::of(error_code()),
            opt_text(),
            opt_text(),
        ),
        proptest::option::of((
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
        )),
    )
        .prop_map(
            |((request_id, host_id, code, message, recommend), detail)| {
                let mut error = ServiceError::default();
                error.request_id = request_id;
                error.host_id = host_id;
                error.code = code;
                error.message = message;
                error.recommend = recommend;
                error.access_denied_detail = detail.map(|(a, b, c, d, e, f, g)| {
                    let mut detail = AccessDeniedDetail::default();
                    detail.auth_action = a;
                    detail.auth_principal_display_name = b;
                    detail.auth_principal_owner_id = c;
                    detail.auth_principal_type = d;
                    detail.encoded_diagnostic_message = e;
                    detail.no_permission_type = f;
                    detail.policy_type = g;
                    detail
                });
                error
            },
        )
}

/// Any string of at most `max_bytes` UTF-8 bytes, often right at the limit.
pub(crate) fn string_within(max_bytes: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..=max_bytes).prop_map(move |chars| {
        let mut out = String::new();
        for c in chars {
            if out.len() + c.len_utf8() > max_bytes {
                break;
            }
            out.push(c);
        }
        out
    })
}

/// Any string of more than `max_bytes` UTF-8 bytes.
pub(crate) fn string_over(max_bytes: usize) -> impl Strategy<Value = String> {
    (
        string_within(max_bytes),
        prop::collection::vec(any::<char>(), 1..40),
    )
        .prop_map(move |(mut out, tail)| {
            let mut tail = tail.into_iter().cycle();
            while out.len() <= max_bytes {
                // The cycle never ends: the vec has at least one element.
                out.push(tail.next().unwrap());
            }
            out
        })
}

pub(crate) fn input_file() -> impl Strategy<Value = InputFile> {
    let oss = (
        "[a-z0-9][a-z0-9-]{1,61}[a-z0-9]",
        "[a-z0-9-]{1,20}(\\.[a-z0-9-]{1,20}){0,3}",
        "[^/\\\\\\p{Cc}][^\\p{Cc}]{0,60}",
    )
        .prop_map(|(bucket, endpoint, object)| {
            InputFile::Oss(OssLocation::new(bucket, endpoint, object).unwrap())
        });
    let media = "[A-Za-z0-9*_.-]{1,40}".prop_map(|id| InputFile::media_id(id).unwrap());
    prop_oneof![oss, media]
}

pub(crate) fn timecode() -> impl Strategy<Value = Timecode> {
    prop_oneof![
        (0..=Timecode::MAX_MILLIS).prop_map(|ms| Timecode::from_millis(ms).unwrap()),
        (0..=Timecode::MAX_MILLIS / 1000).prop_map(|s| Timecode::from_secs(s).unwrap()),
    ]
}

pub(crate) fn editing_config() -> impl Strategy<Value = EditingConfig> {
    (
        prop::collection::vec(text(), 0..3),
        prop::collection::vec(("[A-Za-z]{1,12}", any::<i32>()), 0..3),
    )
        .prop_map(|(ids, extras)| {
            let mut config = EditingConfig::new();
            for id in ids {
                config = config.with_hotword_library_id(id);
            }
            for (key, value) in extras {
                if key != "HotwordLibraryIdList" {
                    config = config.with_extra_json(key, &value.to_string()).unwrap();
                }
            }
            config
        })
}

pub(crate) fn user_data() -> impl Strategy<Value = UserData> {
    prop::collection::btree_map(text(), text(), 0..4)
        .prop_map(|map| UserData::from_serialize(&map).unwrap())
}

pub(crate) fn submit_asr_job_request() -> impl Strategy<Value = SubmitAsrJobRequest> {
    (
        input_file(),
        proptest::option::of(string_within(128)),
        proptest::option::of(string_within(128)),
        proptest::option::of(timecode()),
        proptest::option::of(timecode()),
        proptest::option::of(editing_config()),
        proptest::option::of(user_data()),
    )
        .prop_map(
            |(input, title, description, start, duration, config, data)| {
                let mut builder = SubmitAsrJobRequest::builder().input_file(input.to_string());
                if let Some(title) = title {
                    builder = builder.title(title);
                }
                if let Some(description) = description {
                    builder = builder.description(description);
                }
                if let Some(start) = start {
                    builder = builder.start_time(start.to_string());
                }
                if let Some(duration) = duration {
                    builder = builder.duration(duration.to_string());
                }
                if let Some(config) = config {
                    builder = builder.editing_config(config);
                }
                if let Some(data) = data {
                    builder = builder.user_data(data);
                }
                builder.build().unwrap()
            },
        )
}

pub(crate) fn non_empty() -> impl Strategy<Value = String> {
    text().prop_filter("non-empty", |s| !s.is_empty())
}

pub(crate) fn real_time_record_command_request()
-> impl Strategy<Value = RealTimeRecordCommandRequest> {
    (
        proptest::sample::select(RecordCommand::ALL.to_vec()),
        non_empty(),
        non_empty(),
        non_empty().prop_filter("no wildcard", |s| !s.contains('*')),
        proptest::option::of(non_empty()),
        proptest::option::of(any::<u64>()),
    )
        .prop_map(|(command, domain, app, stream, region, owner)| {
            let mut builder = RealTimeRecordCommandRequest::builder()
                .command(command)
                .domain_name(domain)
                .app_name(app)
                .stream_name(stream);
            if let Some(region) = region {
                builder = builder.region_id(region);
            }
            if let Some(owner) = owner {
                builder = builder.owner_id(owner);
            }
            builder.build().unwrap()
        })
}

pub(crate) fn query_rtc_asr_tasks_request() -> impl Strategy<Value = QueryRtcAsrTasksRequest> {
    (
        proptest::option::of(any::<u64>()),
        proptest::option::of(non_empty()),
        proptest::option::of(non_empty()),
    )
        .prop_map(|(owner, region, task)| {
            let mut builder = QueryRtcAsrTasksRequest::builder();
            if let Some(owner) = owner {
                builder = builder.owner_id(owner);
            }
            if let Some(region) = region {
                builder = builder.region_id(region);
            }
            if let Some(task) = task {
                builder = builder.task_id(task);
            }
            builder.build().unwrap()
        })
}
