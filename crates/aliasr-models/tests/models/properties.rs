//! Property tests: every model survives serialise → parse; requests survive wire → parse;
//! the Title/Description limit is exactly 128 UTF-8 bytes for any Unicode.

use aliasr_models::{
    AccessDeniedDetail, EditingConfig, ErrorCode, GetSmartHandleJobRequest,
    GetSmartHandleJobResponse, InputConfig, InputFile, JobResult, JobState, ModelError,
    NumberOrString, Operation, OssLocation, OutputConfig, QueryRtcAsrTasksRequest,
    QueryRtcAsrTasksResponse, RealTimeRecordCommandRequest, RealTimeRecordCommandResponse,
    RecordCommand, RetCode, RtcAsrTask, Segment, ServiceError, SmartJobInfo, SubmitAsrJobRequest,
    SubmitAsrJobResponse, Timecode, UserData, ViolationProblem, parse_segments,
};
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt::Debug;

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) {
    let json = serde_json::to_string(value).unwrap();
    let back: T = serde_json::from_str(&json).unwrap_or_else(|err| panic!("{err}: {json}"));
    assert_eq!(&back, value, "{json}");
    // Pretty-printed text reads the same.
    let pretty = serde_json::to_string_pretty(value).unwrap();
    assert_eq!(&serde_json::from_str::<T>(&pretty).unwrap(), value);
}

fn text() -> impl Strategy<Value = String> {
    any::<String>()
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(text())
}

fn number_or_string() -> impl Strategy<Value = NumberOrString> {
    prop_oneof![
        any::<i64>().prop_map(NumberOrString::Integer),
        text().prop_map(NumberOrString::Text)
    ]
}

fn job_state() -> impl Strategy<Value = JobState> {
    prop_oneof![
        Just(JobState::Created),
        Just(JobState::Executing),
        Just(JobState::Finished),
        Just(JobState::Failed),
        text().prop_map(|s| JobState::from(s.as_str())),
    ]
}

fn error_code() -> impl Strategy<Value = ErrorCode> {
    let known: Vec<ErrorCode> = ErrorCode::known().collect();
    prop_oneof![
        proptest::sample::select(known),
        text().prop_map(ErrorCode::from)
    ]
}

/// Valid segments: finite, non-negative, `to >= from`, any content.
fn segment() -> impl Strategy<Value = Segment> {
    (text(), 0.0..1e7f64, 0.0..1e4f64).prop_map(|(content, from, length)| Segment {
        content,
        from,
        to: from + length,
    })
}

fn job_result() -> impl Strategy<Value = JobResult> {
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

fn smart_job_info() -> impl Strategy<Value = SmartJobInfo> {
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

fn get_smart_handle_job_response() -> impl Strategy<Value = GetSmartHandleJobResponse> {
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

fn rtc_asr_task() -> impl Strategy<Value = RtcAsrTask> {
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

fn query_rtc_asr_tasks_response() -> impl Strategy<Value = QueryRtcAsrTasksResponse> {
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

fn service_error() -> impl Strategy<Value = ServiceError> {
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
fn string_within(max_bytes: usize) -> impl Strategy<Value = String> {
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
fn string_over(max_bytes: usize) -> impl Strategy<Value = String> {
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

fn input_file() -> impl Strategy<Value = InputFile> {
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

fn timecode() -> impl Strategy<Value = Timecode> {
    prop_oneof![
        (0..=Timecode::MAX_MILLIS).prop_map(|ms| Timecode::from_millis(ms).unwrap()),
        (0..=Timecode::MAX_MILLIS / 1000).prop_map(|s| Timecode::from_secs(s).unwrap()),
    ]
}

fn editing_config() -> impl Strategy<Value = EditingConfig> {
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

fn user_data() -> impl Strategy<Value = UserData> {
    prop::collection::btree_map(text(), text(), 0..4)
        .prop_map(|map| UserData::from_serialize(&map).unwrap())
}

fn submit_asr_job_request() -> impl Strategy<Value = SubmitAsrJobRequest> {
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

fn non_empty() -> impl Strategy<Value = String> {
    text().prop_filter("non-empty", |s| !s.is_empty())
}

fn real_time_record_command_request() -> impl Strategy<Value = RealTimeRecordCommandRequest> {
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

fn query_rtc_asr_tasks_request() -> impl Strategy<Value = QueryRtcAsrTasksRequest> {
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

fn wire_round_trip<O: Operation + PartialEq + Debug>(request: &O) {
    let params = request.wire_params();
    // Order is the spec's order, and every name is a spec parameter.
    let positions: Vec<usize> = params
        .iter()
        .map(|(name, _)| O::SPEC.params.iter().position(|p| p.name == *name).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{params:?}");
    let wire: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    assert_eq!(&O::from_wire_params(&wire).unwrap(), request);
    // Shuffled (reversed) and with common parameters mixed in, the request reads the same.
    let mut noisy: Vec<(String, String)> = wire.into_iter().rev().collect();
    noisy.push(("Action".to_owned(), O::SPEC.action.to_owned()));
    noisy.push(("Signature".to_owned(), "x".to_owned()));
    assert_eq!(&O::from_wire_params(&noisy).unwrap(), request);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn get_smart_handle_job_response_round_trips(response in get_smart_handle_job_response()) {
        round_trip(&response);
        if let Some(text) = response.job_result.as_ref().and_then(|r| r.ai_result.as_ref()) {
            let expected: Vec<Segment> = serde_json::from_str(text).unwrap();
            let back = GetSmartHandleJobResponse::from_json(&response.to_json()).unwrap();
            prop_assert_eq!(back.ai_result().unwrap(), expected);
        }
    }

    #[test]
    fn submit_asr_job_response_round_trips(
        request_id in opt_text(), job_id in opt_text(), state in proptest::option::of(job_state())
    ) {
        let mut response = SubmitAsrJobResponse::default();
        response.request_id = request_id;
        response.job_id = job_id;
        response.state = state;
        round_trip(&response);
    }

    #[test]
    fn real_time_record_command_response_round_trips(request_id in opt_text()) {
        let mut response = RealTimeRecordCommandResponse::default();
        response.request_id = request_id;
        round_trip(&response);
    }

    #[test]
    fn query_rtc_asr_tasks_response_round_trips(response in query_rtc_asr_tasks_response()) {
        round_trip(&response);
        // The stringified form of every task reads the same as the object form.
        let mut value = serde_json::to_value(&response).unwrap();
        if let Some(tasks) = value.get_mut("Tasks").and_then(|t| t.as_object_mut()) {
            for task in tasks.values_mut() {
                *task = serde_json::Value::String(task.to_string());
            }
        }
        let stringified = QueryRtcAsrTasksResponse::from_json(&value.to_string()).unwrap();
        prop_assert_eq!(stringified, response);
    }

    #[test]
    fn service_error_round_trips(error in service_error()) {
        round_trip(&error);
        // camelCase keys read the same.
        let value = serde_json::to_value(&error).unwrap();
        let camel: serde_json::Map<String, serde_json::Value> = value
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| {
                let mut key = k.clone();
                key[..1].make_ascii_lowercase();
                (key, v.clone())
            })
            .collect();
        let from_camel = ServiceError::from_json(&serde_json::Value::Object(camel).to_string()).unwrap();
        prop_assert_eq!(from_camel, error);
    }

    #[test]
    fn small_models_round_trip(
        code in error_code(), state in job_state(), scalar in number_or_string(), ret in any::<i64>()
    ) {
        round_trip(&code);
        round_trip(&state);
        round_trip(&scalar);
        round_trip(&RetCode(ret));
        prop_assert_eq!(code.to_string().parse::<ErrorCode>().unwrap(), code);
        prop_assert_eq!(state.to_string().parse::<JobState>().unwrap(), state);
    }

    #[test]
    fn segment_lists_round_trip_bit_for_bit(segments in prop::collection::vec(segment(), 0..16)) {
        let json = serde_json::to_string(&segments).unwrap();
        let back = parse_segments(&json).unwrap();
        prop_assert_eq!(back.len(), segments.len());
        for (ours, theirs) in back.iter().zip(&segments) {
            prop_assert_eq!(&ours.content, &theirs.content);
            prop_assert_eq!(ours.from.to_bits(), theirs.from.to_bits());
            prop_assert_eq!(ours.to.to_bits(), theirs.to.to_bits());
        }
    }

    #[test]
    fn any_finite_non_negative_time_round_trips(
        from in prop::num::f64::POSITIVE | prop::num::f64::ZERO,
        extra in prop::num::f64::POSITIVE | prop::num::f64::ZERO,
    ) {
        let to = if (from + extra).is_finite() { from + extra } else { from };
        let segment = Segment::new("x", from, to).unwrap();
        let json = serde_json::to_string(&[&segment]).unwrap();
        let back = parse_segments(&json).unwrap();
        prop_assert_eq!(back[0].from.to_bits(), from.to_bits());
        prop_assert_eq!(back[0].to.to_bits(), to.to_bits());
    }

    #[test]
    fn title_and_description_up_to_128_bytes_of_any_unicode_are_accepted(
        title in string_within(128), description in string_within(128)
    ) {
        prop_assert!(title.len() <= 128);
        let request = SubmitAsrJobRequest::builder()
            .input_file("20b48fb04483915d4f2cd8ac")
            .title(title.clone())
            .description(description.clone())
            .build()
            .unwrap();
        prop_assert_eq!(request.title(), Some(title.as_str()));
        prop_assert_eq!(request.description(), Some(description.as_str()));
    }

    #[test]
    fn title_over_128_bytes_is_never_accepted(title in string_over(128), valid in string_within(128)) {
        let err = SubmitAsrJobRequest::builder()
            .input_file("20b48fb04483915d4f2cd8ac")
            .title(title.clone())
            .description(valid)
            .build()
            .unwrap_err();
        let ModelError::InvalidRequest { violations, .. } = err else { panic!("{err:?}") };
        prop_assert_eq!(violations.len(), 1);
        prop_assert_eq!(
            &violations.of("Title").unwrap().problem,
            &ViolationProblem::TooLong { max_bytes: 128, actual_bytes: title.len() }
        );
        // Read from the wire, the same rule holds.
        let wire = vec![
            ("InputFile".to_owned(), "20b48fb04483915d4f2cd8ac".to_owned()),
            ("Title".to_owned(), title),
        ];
        prop_assert!(SubmitAsrJobRequest::from_wire_params(&wire).is_err());
    }

    #[test]
    fn every_broken_rule_is_reported_at_once(
        bad_title in any::<bool>(), bad_start in any::<bool>(), bad_user_data in any::<bool>(),
        missing_input in any::<bool>(), bad_config in any::<bool>()
    ) {
        let mut builder = SubmitAsrJobRequest::builder()
            .title(if bad_title { "t".repeat(129) } else { "t".to_owned() })
            .start_time(if bad_start { "00:00:60" } else { "00:00:59" })
            .user_data_json(if bad_user_data { "1" } else { "{}" })
            .editing_config_json(if bad_config { "{" } else { "{}" });
        if !missing_input {
            builder = builder.input_file("20b48fb04483915d4f2cd8ac");
        }
        let mut expected: Vec<&str> = Vec::new();
        if bad_config { expected.push("EditingConfig"); }
        if missing_input { expected.push("InputFile"); }
        if bad_start { expected.push("StartTime"); }
        if bad_title { expected.push("Title"); }
        if bad_user_data { expected.push("UserData"); }
        match builder.build() {
            Ok(_) => prop_assert!(expected.is_empty()),
            Err(ModelError::InvalidRequest { violations, .. }) => {
                let found: Vec<&str> = violations.iter().map(|v| v.param).collect();
                prop_assert_eq!(found, expected);
            }
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn submit_asr_job_wire_round_trips(request in submit_asr_job_request()) {
        wire_round_trip(&request);
    }

    #[test]
    fn real_time_record_command_wire_round_trips(request in real_time_record_command_request()) {
        wire_round_trip(&request);
    }

    #[test]
    fn query_rtc_asr_tasks_wire_round_trips(request in query_rtc_asr_tasks_request()) {
        wire_round_trip(&request);
    }

    #[test]
    fn get_smart_handle_job_wire_round_trips(job_id in non_empty()) {
        wire_round_trip(&GetSmartHandleJobRequest::new(job_id).unwrap());
    }

    #[test]
    fn input_file_and_timecode_display_parse_are_inverse(input in input_file(), time in timecode()) {
        prop_assert_eq!(input.to_string().parse::<InputFile>().unwrap(), input);
        prop_assert_eq!(time.to_string().parse::<Timecode>().unwrap(), time);
    }

    #[test]
    fn editing_config_and_user_data_text_round_trip(config in editing_config(), data in user_data()) {
        let json = config.to_json();
        prop_assert_eq!(EditingConfig::from_json(&json).unwrap(), config.clone());
        // Compact: serde_json writes the same members (maybe reordered) in as many bytes.
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(value.to_string().len(), json.len());
        prop_assert_eq!(UserData::from_json(data.as_json()).unwrap(), data);
    }
}
