//! Every file in the shared fixtures parses, or fails, as its name says.

use aliasr_models::{
    ErrorCode, GetSmartHandleJobResponse, JobState, ModelError, NumberOrString, NumberPolicy,
    QueryRtcAsrTasksResponse, Segment, SegmentParseOptions, SegmentProblem, SegmentTimeProblem,
    ServiceError, parse_segments, parse_segments_with,
};
use serde_json::Value;

use crate::{fixture, shared_dir};

/// The fixtures this file checks; a new fixture fails `every_fixture_is_covered` until it is added.
const COVERED: &[&str] = &[
    "airesult-zh-en.json",
    "error-signature-does-not-match.json",
    "error-task-already-started.json",
    "error-throttling.json",
    "get-smart-handle-job-executing.json",
    "get-smart-handle-job-failed.json",
    "get-smart-handle-job-finished.json",
    "invalid-segments.json",
    "malformed-doc-sample-unescaped-quotes.json",
    "malformed-missing-comma.json",
    "query-rtc-asr-tasks-object.json",
    "query-rtc-asr-tasks-stringified.json",
];

#[test]
fn every_fixture_is_covered() {
    let mut names: Vec<String> = std::fs::read_dir(shared_dir("fixtures"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, COVERED, "fixtures changed: cover the new ones here");
}

/// Segments read with serde_json's generic Value, independently of `parse_segments`.
fn segments_by_hand(json: &str) -> Vec<(String, f64, f64)> {
    let value: Value = serde_json::from_str(json).unwrap();
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["content"].as_str().unwrap().to_owned(),
                s["from"].as_f64().unwrap(),
                s["to"].as_f64().unwrap(),
            )
        })
        .collect()
}

fn as_tuples(segments: &[Segment]) -> Vec<(String, f64, f64)> {
    segments
        .iter()
        .map(|s| (s.content.clone(), s.from, s.to))
        .collect()
}

#[test]
fn airesult_zh_en_parses_to_12_segments() {
    let json = fixture("airesult-zh-en.json");
    let segments = parse_segments(&json).unwrap();
    assert_eq!(segments.len(), 12);
    assert_eq!(as_tuples(&segments), segments_by_hand(&json));
    assert_eq!(
        segments[0].content,
        "大家好，欢迎参加第二季度的产品评审会议。"
    );
    assert_eq!(segments[8].content, "", "an empty segment is kept");
    assert_eq!((segments[8].from, segments[8].to), (29.1, 29.1));
    assert_eq!(
        segments[7].content,
        "Use <b>bold</b> & \"quotes\" carefully in captions."
    );
    // Overlap with the previous segment (18.9..19.02 then 19.0..) is not a parse error.
    assert!(segments[5].from < segments[4].to);
    assert_eq!(segments[11].to, 44.0);
}

#[test]
fn invalid_segments_report_every_bad_entry_with_index_and_field() {
    let json = fixture("invalid-segments.json");
    let err = parse_segments(&json).unwrap_err();
    let ModelError::InvalidSegments { errors, .. } = &err else {
        panic!("{err:?}")
    };
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            r#"segment 1: "to" (4.0) is earlier than "from" (5.0)"#,
            r#"segment 2: "from" (-1.0) is negative"#,
            r#"segment 3: "from" must be a number, found string "7.0""#,
            r#"segment 4: missing field "content""#,
        ]
    );
    assert_eq!(errors.total(), 4);
    let text = err.to_string();
    assert!(
        text.starts_with("segment list: 4 invalid segments: segment 1: "),
        "{text}"
    );
    assert_eq!(
        errors.first().unwrap().problem,
        SegmentProblem::Times {
            problem: SegmentTimeProblem::EndsBeforeStart,
            from: 5.0,
            to: 4.0
        }
    );
}

#[test]
fn invalid_segments_lenient_numbers_accepts_only_the_string_times() {
    let json = fixture("invalid-segments.json");
    let lenient = SegmentParseOptions::default().with_numbers(NumberPolicy::AcceptNumericStrings);
    let err = parse_segments_with(&json, lenient).unwrap_err();
    let ModelError::InvalidSegments { errors, .. } = &err else {
        panic!("{err:?}")
    };
    let indexes: Vec<usize> = errors.iter().map(|e| e.index).collect();
    assert_eq!(
        indexes,
        [1, 2, 4],
        "segment 3 (\"7.0\", \"8.0\") is fine when lenient"
    );

    // The same segment alone, lenient: read as numbers.
    let value: Value = serde_json::from_str(&json).unwrap();
    let only_strings = serde_json::to_string(&[&value[3]]).unwrap();
    let segments = parse_segments_with(&only_strings, lenient).unwrap();
    assert_eq!(
        as_tuples(&segments),
        [("time as string".to_owned(), 7.0, 8.0)]
    );
    assert!(
        parse_segments(&only_strings).is_err(),
        "strict never coerces"
    );
}

#[test]
fn malformed_missing_comma_fails_as_json_with_position() {
    let json = fixture("malformed-missing-comma.json");
    let err = parse_segments(&json).unwrap_err();
    let ModelError::MalformedJson {
        line,
        column,
        message,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    // The second object starts right after the first one's `}`: that `{` is the error.
    let expected_column = json.find("}{").unwrap() + 2;
    assert_eq!((*line, *column), (1, expected_column));
    assert!(message.contains("expected `,` or `]`"), "{message}");
    assert!(err.to_string().contains("line 1, column 41"), "{err}");
}

#[test]
fn malformed_doc_sample_fails_as_json_with_line_and_column() {
    let json = fixture("malformed-doc-sample-unescaped-quotes.json");
    let err = GetSmartHandleJobResponse::from_json(&json).unwrap_err();
    let ModelError::MalformedJson {
        line,
        column,
        excerpt,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    // The line `    "AiResult": "[{"content":...`: the string ends at `"[{"`, then `content` is unexpected.
    let line_index = json
        .lines()
        .position(|l| l.contains("\"AiResult\""))
        .unwrap();
    let line_text = json.lines().nth(line_index).unwrap();
    let expected_column = line_text.find("\"[{\"").unwrap() + 4 + 1;
    assert_eq!((*line, *column), (line_index + 1, expected_column));
    assert_eq!((*line, *column), (4, 21));
    assert_eq!(&line_text[*column - 1..*column], "c");
    assert!(excerpt.contains("[{\"content"), "{excerpt}");
    let text = err.to_string();
    assert!(
        text.starts_with("GetSmartHandleJob response body: malformed JSON at line 4, column 21: expected `,` or `}` (near "),
        "{text}"
    );
    // Any other reader of the same text fails the same way.
    assert!(matches!(
        ServiceError::from_json(&json),
        Err(ModelError::MalformedJson { line: 4, .. })
    ));
}

#[test]
fn get_smart_handle_job_finished_decodes_its_segments() {
    let body = fixture("get-smart-handle-job-finished.json");
    let response = GetSmartHandleJobResponse::from_json(&body).unwrap();
    assert_eq!(response.state, Some(JobState::Finished));
    assert!(response.is_terminal());
    assert_eq!(
        response.job_id.as_deref(),
        Some("9f2c20b48fb04483915d4f2cd8ac71e3")
    );
    assert_eq!(
        response.request_id.as_deref(),
        Some("7C1E6B2D-443C-5043-B0E4-86707071A3F0")
    );

    let segments = response.ai_result().unwrap();
    assert_eq!(segments.len(), 12);
    // The AiResult string holds the same list as the standalone fixture.
    assert_eq!(
        as_tuples(&segments),
        segments_by_hand(&fixture("airesult-zh-en.json"))
    );
    assert_eq!(response.output_segments().unwrap(), segments);

    let user_data: Value = response.user_data_as().unwrap();
    assert_eq!(user_data["biz"], "quarterly-review");

    let info = response.smart_job_info.as_ref().unwrap();
    assert_eq!(info.job_type.as_deref(), Some("ASR"));
    assert_eq!(
        info.user_id,
        Some(NumberOrString::Integer(1234562230123456))
    );
    assert_eq!(info.title.as_deref(), Some("q2-review"));
    let input = info.input_config.as_ref().unwrap();
    assert_eq!(
        input.input_file.as_deref(),
        Some("oss://example-bucket.oss-cn-shanghai.aliyuncs.com/meetings/q2-review.mp4")
    );
    let parameters = input.job_parameters().unwrap();
    assert_eq!(parameters.duration.as_deref(), Some("00:30:00"));
    assert_eq!(parameters.start_time.as_deref(), Some("00:00:00"));
    assert_eq!(
        parameters.request_params.as_deref(),
        Some("&enable_word_level_result=true")
    );
}

#[test]
fn get_smart_handle_job_failed_exposes_error_code_and_message() {
    let response =
        GetSmartHandleJobResponse::from_json(&fixture("get-smart-handle-job-failed.json")).unwrap();
    assert_eq!(response.state, Some(JobState::Failed));
    assert!(response.is_terminal());
    assert_eq!(
        response.error_code.as_deref(),
        Some("InvalidParameter.InputFile")
    );
    assert_eq!(
        response.error_message.as_deref(),
        Some("The input file does not exist or cannot be read.")
    );
    assert!(response.job_result.is_none());
    let info = response.smart_job_info.as_ref().unwrap();
    assert_eq!(info.user_id, None);
    assert_eq!(
        info.input_config.as_ref().unwrap().input_file.as_deref(),
        Some("oss://example-bucket.oss-cn-shanghai.aliyuncs.com/missing.mp4")
    );
    let err = response.ai_result().unwrap_err();
    assert_eq!(
        err.to_string(),
        "GetSmartHandleJob response: missing field \"JobResult.AiResult\""
    );
}

#[test]
fn get_smart_handle_job_executing_is_not_terminal() {
    let response =
        GetSmartHandleJobResponse::from_json(&fixture("get-smart-handle-job-executing.json"))
            .unwrap();
    assert_eq!(response.state, Some(JobState::Executing));
    assert!(!response.is_terminal());
    assert!(response.smart_job_info.is_none());
    assert!(matches!(
        response.ai_result(),
        Err(ModelError::MissingField { .. })
    ));
}

fn service_error(name: &str) -> (ServiceError, Value) {
    let body = fixture(name);
    (
        ServiceError::from_json(&body).unwrap(),
        serde_json::from_str(&body).unwrap(),
    )
}

#[test]
fn error_signature_does_not_match() {
    let (error, raw) = service_error("error-signature-does-not-match.json");
    assert_eq!(error.code, Some(ErrorCode::SignatureDoesNotMatch));
    assert_eq!(
        error.host_id.as_deref(),
        Some("ice.cn-shanghai.aliyuncs.com")
    );
    assert_eq!(
        error.request_id.as_deref(),
        Some("A1B2C3D4-0000-4000-8000-000000000001")
    );
    assert_eq!(
        error.recommend.as_deref(),
        Some("https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch")
    );
    assert!(
        error
            .message
            .as_deref()
            .unwrap()
            .starts_with("Specified signature is not matched")
    );
    assert!(!error.is_retryable() && !error.is_throttling());
    // Written back with the same PascalCase keys and values.
    assert_eq!(serde_json::to_value(&error).unwrap(), raw);
}

#[test]
fn error_task_already_started() {
    let (error, raw) = service_error("error-task-already-started.json");
    let code = error.code.clone().unwrap();
    assert_eq!(code, ErrorCode::TaskAlreadyStarted);
    assert_eq!(code.documented_http_status(), Some(409));
    assert!(!error.is_retryable());
    assert_eq!(
        error.message.as_deref(),
        Some("The task has already started.")
    );
    assert_eq!(serde_json::to_value(&error).unwrap(), raw);
}

#[test]
fn error_throttling_is_retryable() {
    let (error, raw) = service_error("error-throttling.json");
    assert_eq!(error.code, Some(ErrorCode::ThrottlingUser));
    assert!(error.is_throttling() && error.is_retryable());
    assert_eq!(error.host_id.as_deref(), Some("live.aliyuncs.com"));
    assert_eq!(
        error.to_string(),
        "Throttling.User: Request was denied due to user flow control. (request id A1B2C3D4-0000-4000-8000-000000000002)"
    );
    assert_eq!(serde_json::to_value(&error).unwrap(), raw);
}

#[test]
fn rtc_tasks_object_and_stringified_give_the_same_typed_task() {
    let object = QueryRtcAsrTasksResponse::from_json(&fixture("query-rtc-asr-tasks-object.json"))
        .unwrap()
        .into_result()
        .unwrap();
    let stringified =
        QueryRtcAsrTasksResponse::from_json(&fixture("query-rtc-asr-tasks-stringified.json"))
            .unwrap()
            .into_result()
            .unwrap();
    assert_eq!(object.tasks, stringified.tasks);
    assert_eq!(object.description.as_deref(), Some("success"));
    assert_ne!(object.request_id, stringified.request_id);

    let id = "7d2a1e9c-0b6f-4c1e-9a55-3f2b8c1d0e11";
    let task = &object.tasks[id];
    assert_eq!(object.tasks.len(), 1);
    assert_eq!(task.task_id.as_deref(), Some(id));
    assert_eq!(task.created_at.as_deref(), Some("2026-05-21T08:00:00Z"));
    assert_eq!(task.updated_at.as_deref(), Some("2026-05-21T08:05:00Z"));
    assert_eq!(task.mode.as_deref(), Some("live"));
    assert_eq!(task.language.as_deref(), Some("zh"));
    assert_eq!(
        task.callback_url.as_deref(),
        Some("https://example.com/asr-cb")
    );
    assert_eq!(task.auto_terminate_delay, Some(NumberOrString::Integer(30)));
    assert_eq!(
        task.stream_url.as_deref(),
        Some("rtmp://push.example.com/live/room1")
    );
    assert_eq!(task.status, Some(NumberOrString::Text("running".into())));
    assert_eq!(task.report_interval, Some(NumberOrString::Integer(1000)));
    assert_eq!(
        task.ali_uid,
        Some(NumberOrString::Text("1234562230123456".into()))
    );
    assert_eq!(task.tag.as_deref(), Some("room1"));
}
