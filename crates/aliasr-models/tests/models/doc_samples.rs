//! The published documentation samples (tests/data/README.md), parsed as published.

use aliasr_models::{
    GetSmartHandleJobResponse, JobState, ModelError, NumberOrString, QueryRtcAsrTasksResponse,
    RealTimeRecordCommandResponse, SubmitAsrJobResponse,
};

use crate::doc_sample;

#[test]
fn ice_2024_sample_fails_at_the_missing_comma() {
    let text = doc_sample("doc-ice-2024-get-result-sample.json");
    let err = GetSmartHandleJobResponse::from_json(&text).unwrap_err();
    let ModelError::MalformedJson {
        line,
        column,
        message,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    let job_id_line = text.lines().position(|l| l.contains("\"JobId\"")).unwrap() + 1;
    assert_eq!(*line, job_id_line, "{err}");
    assert_eq!(
        *column, 3,
        "the `\"` opening JobId, after two spaces: {err}"
    );
    assert!(message.contains("expected `,` or `}`"), "{message}");

    // With the comma restored, the sample is a good body and its AiResult decodes.
    let fixed = text.replacen("}]\"\n  \"JobId\"", "}]\",\n  \"JobId\"", 1);
    let response = GetSmartHandleJobResponse::from_json(&fixed).unwrap();
    let segments = response.ai_result().unwrap();
    assert_eq!(segments.len(), 5);
    assert_eq!(segments[0].content, "Talking about");
    assert_eq!((segments[4].from, segments[4].to), (6.265, 10.33));
    assert_eq!(
        response.smart_job_info.unwrap().user_id,
        Some(NumberOrString::Integer(1234562230123456))
    );
}

#[test]
fn ice_2026_sample_fails_at_the_unescaped_quote() {
    let text = doc_sample("doc-ice-2026-get-result-sample.json");
    let err = GetSmartHandleJobResponse::from_json(&text).unwrap_err();
    assert!(
        matches!(
            err,
            ModelError::MalformedJson {
                line: 4,
                column: 21,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn submit_asr_job_response_sample() {
    let response =
        SubmitAsrJobResponse::from_json(&doc_sample("doc-ice-submitasrjob-response.json")).unwrap();
    assert_eq!(
        response.request_id.as_deref(),
        Some("******11-DB8D-4A9A-875B-275798******")
    );
    assert_eq!(
        response.job_id.as_deref(),
        Some("****20b48fb04483915d4f2cd8ac****")
    );
    assert_eq!(response.state, Some(JobState::Finished));
}

#[test]
fn real_time_record_command_response_sample() {
    let response = RealTimeRecordCommandResponse::from_json(&doc_sample(
        "doc-live-real-time-record-command-response.json",
    ))
    .unwrap();
    assert_eq!(
        response.request_id.as_deref(),
        Some("16A96B9A-F203-4EC5-8E43-CB92E68F4CD8")
    );
}

#[test]
fn query_rtc_asr_tasks_sample_names_the_bad_task() {
    // The published example's task string is `"asr-…": {…}`, a member, not an object: the
    // error names the task key rather than guessing.
    let err = QueryRtcAsrTasksResponse::from_json(&doc_sample(
        "doc-live-query-rtc-asr-tasks-response.json",
    ))
    .unwrap_err();
    let ModelError::UnexpectedJson { path, message, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(path, "Tasks.key");
    assert!(
        message.contains("task given as a string that is not a task object"),
        "{message}"
    );
}

#[test]
fn query_rtc_asr_tasks_documented_task_object() {
    // The task object from the same page's field description, as a plain object.
    let body = r#"{"RetCode": 2000, "Tasks": {"asr-a7bdde0a-0939-4288-973e-170082aa****": { "createdAt": "2024-05-14T11:52:02+08:00", "updatedAt": "2024-05-14T11:52:03+08:00", "mode": "live", "taskId": "asr-a7bdde0a-0939-4288-973e-170082aa****", "language": "cn", "callbackUrl": "default", "autoTerminateDelay": "10", "streamUrl": "http://pull-lveditor.alivecdn.com/caster/9c6c26281a6f4da29af7d3ec84d2****.flv?auth_key=1715745062-0-0-fbc68f2ccebb4d46b5ab6d4801ed****", "status": 1, "reportInterval": "0", "aliUid": "1119309225474343", "tag": "" }}}"#;
    let response = QueryRtcAsrTasksResponse::from_json(body).unwrap();
    assert!(response.is_success());
    let task = &response.tasks["asr-a7bdde0a-0939-4288-973e-170082aa****"];
    assert_eq!(task.status, Some(NumberOrString::Integer(1)));
    assert_eq!(
        task.auto_terminate_delay
            .as_ref()
            .and_then(NumberOrString::as_i64),
        Some(10)
    );
    assert_eq!(task.report_interval, Some(NumberOrString::Text("0".into())));
    assert_eq!(task.tag.as_deref(), Some(""));
}
