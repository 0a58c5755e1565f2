//! Request rules: every violation at once, wire reading as the emulator uses it.

use aliasr_models::{
    ErrorCode, GetSmartHandleJobRequest, ModelError, Operation, OperationKind,
    QueryRtcAsrTasksRequest, RealTimeRecordCommandRequest, RecordCommand, SubmitAsrJobRequest,
    ViolationProblem, Violations,
};

fn violations(err: ModelError) -> (&'static str, Violations) {
    match err {
        ModelError::InvalidRequest {
            operation,
            violations,
        } => (operation, violations),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

fn wire(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn submit_asr_job_lists_every_violation_in_sdk_order() {
    let err = SubmitAsrJobRequest::builder()
        .title("标".repeat(43)) // 129 bytes
        .description("d".repeat(200))
        .start_time("0:00:05")
        .duration("00:61:00")
        .editing_config_json("{\"HotwordLibraryIdList\": 7}")
        .user_data_json("[\"not\", \"an object\"]")
        .build()
        .unwrap_err();
    let text = err.to_string();
    let (operation, violations) = violations(err);
    assert_eq!(operation, "SubmitASRJob");
    let params: Vec<&str> = violations.iter().map(|v| v.param).collect();
    assert_eq!(
        params,
        [
            "Description",
            "Duration",
            "EditingConfig",
            "InputFile",
            "StartTime",
            "Title",
            "UserData"
        ]
    );
    assert_eq!(
        violations.of("Title").unwrap().problem,
        ViolationProblem::TooLong {
            max_bytes: 128,
            actual_bytes: 129
        }
    );
    assert_eq!(
        violations.of("InputFile").unwrap().problem,
        ViolationProblem::Missing
    );
    for expected in [
        "SubmitASRJob request is invalid: ",
        "\"Description\" is 200 bytes long (UTF-8), at most 128 allowed",
        "\"Duration\" is invalid: minutes 61 in \"00:61:00\" are over 59",
        "\"EditingConfig\" is invalid: EditingConfig.HotwordLibraryIdList must be a list of id strings or a single id string",
        "\"InputFile\" is required",
        "\"StartTime\" is invalid: \"0:00:05\" is not HH:MM:SS or HH:MM:SS.mmm",
        "\"Title\" is 129 bytes long (UTF-8), at most 128 allowed",
        "\"UserData\" is invalid: not a JSON object: invalid type: sequence, expected a JSON object",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    // The first violation decides the code a server answers with.
    assert_eq!(violations.error_code(), ErrorCode::MalformedParam);
}

#[test]
fn title_limit_counts_bytes_not_characters() {
    let base = || SubmitAsrJobRequest::builder().input_file("20b48fb04483915d4f2cd8ac");
    // 42 three-byte characters + 2 ASCII = 128 bytes: accepted.
    let exactly = format!("{}ab", "标".repeat(42));
    assert_eq!(exactly.len(), 128);
    assert!(
        base()
            .title(exactly.clone())
            .description(exactly)
            .build()
            .is_ok()
    );
    // 43 characters, 129 bytes: rejected although far below 128 characters.
    assert!(base().title("标".repeat(43)).build().is_err());
}

#[test]
fn empty_required_values_are_missing_params() {
    let err = RealTimeRecordCommandRequest::from_wire_params(&wire(&[
        ("AppName", ""),
        ("Command", "start"),
        ("DomainName", "push.example.com"),
        ("StreamName", "s"),
    ]))
    .unwrap_err();
    assert_eq!(err.request_error_code(), Some(ErrorCode::MissingParam));
    assert!(
        err.to_string()
            .contains("\"AppName\" is required but empty"),
        "{err}"
    );
}

#[test]
fn wire_reading_ignores_common_params_and_flags_repeats() {
    let request = GetSmartHandleJobRequest::from_wire_params(&wire(&[
        ("Action", "GetSmartHandleJob"),
        ("Version", "2020-11-09"),
        ("Signature", "x"),
        ("JobId", "j-1"),
        ("Unknown", "ignored"),
    ]))
    .unwrap();
    assert_eq!(request.job_id(), "j-1");

    let err = GetSmartHandleJobRequest::from_wire_params(&wire(&[("JobId", "a"), ("JobId", "b")]))
        .unwrap_err();
    assert_eq!(err.request_error_code(), Some(ErrorCode::MalformedParam));
    assert!(
        err.to_string().contains("\"JobId\" is given 2 times"),
        "{err}"
    );

    let err = GetSmartHandleJobRequest::from_wire_params(&[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "GetSmartHandleJob request is invalid: \"JobId\" is required"
    );
    assert_eq!(err.request_error_code(), Some(ErrorCode::MissingParam));
}

#[test]
fn record_command_spelling_is_exact() {
    for command in RecordCommand::ALL {
        let request = RealTimeRecordCommandRequest::from_wire_params(&wire(&[
            ("AppName", "live"),
            ("Command", command.as_str()),
            ("DomainName", "push.example.com"),
            ("StreamName", "stream-001"),
        ]))
        .unwrap();
        assert_eq!(request.command(), command);
    }
    let spellings: Vec<&str> = RecordCommand::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(spellings, ["start", "stop", "cancel_delay", "restart"]);
    for bad in [
        "Start",
        "STOP",
        "cancel-delay",
        "cancelDelay",
        " restart",
        "",
    ] {
        let err = RealTimeRecordCommandRequest::from_wire_params(&wire(&[
            ("AppName", "live"),
            ("Command", bad),
            ("DomainName", "push.example.com"),
            ("StreamName", "stream-001"),
        ]))
        .unwrap_err();
        assert!(err.to_string().contains("\"Command\""), "{bad:?}: {err}");
    }
    let err = "pause".parse::<RecordCommand>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "Command \"pause\" is invalid: \"pause\" is not one of start, stop, cancel_delay, restart"
    );
}

#[test]
fn query_rtc_asr_tasks_optional_params() {
    let all = QueryRtcAsrTasksRequest::builder().build().unwrap();
    assert!(all.wire_params().is_empty());
    let err =
        QueryRtcAsrTasksRequest::from_wire_params(&wire(&[("OwnerId", "12a"), ("TaskId", "")]))
            .unwrap_err();
    let (_, violations) = violations(err);
    let params: Vec<&str> = violations.iter().map(|v| v.param).collect();
    assert_eq!(params, ["OwnerId", "TaskId"]);
    let full = QueryRtcAsrTasksRequest::builder()
        .owner_id(42)
        .region_id("cn-shanghai")
        .task_id("asr-1")
        .build()
        .unwrap();
    let names: Vec<&str> = full.wire_params().iter().map(|(k, _)| *k).collect();
    assert_eq!(names, ["OwnerId", "RegionId", "TaskId"]);
}

#[test]
fn every_operation_spec_is_consistent() {
    let expected = [
        ("SubmitASRJob", "2020-11-09", "ice"),
        ("GetSmartHandleJob", "2020-11-09", "ice"),
        ("QueryRtcAsrTasks", "2016-11-01", "live"),
        ("RealTimeRecordCommand", "2016-11-01", "live"),
    ];
    for (kind, (action, version, product)) in OperationKind::ALL.into_iter().zip(expected) {
        let spec = kind.spec();
        assert_eq!(
            (spec.action, spec.version, spec.product.id()),
            (action, version, product)
        );
        assert_eq!(spec.method.as_str(), "POST");
        assert_eq!(OperationKind::from_action(action), Some(kind));
        // The SDK's generated order is by wire name.
        let names: Vec<&str> = spec.params.iter().map(|p| p.name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted, "{action}");
    }
    assert_eq!(OperationKind::from_action("submitasrjob"), None);
}

#[test]
fn responses_tolerate_missing_fields_unknown_keys_and_loose_types() {
    use aliasr_models::{GetSmartHandleJobResponse, QueryRtcAsrTasksResponse, RetCode};
    let response = GetSmartHandleJobResponse::from_json(
        r#"{"JobId": 12, "State": "Paused", "Extra": {"x": [1]}, "JobResult": {"AiResult": [{"content": "a", "from": 0, "to": 1}]},
            "SmartJobInfo": {"UserId": "u-1", "InputConfig": null}, "UserData": null}"#,
    )
    .unwrap();
    assert_eq!(response.job_id.as_deref(), Some("12"));
    assert!(!response.is_terminal());
    assert_eq!(
        response.ai_result().unwrap()[0].content,
        "a",
        "an already-decoded AiResult is accepted"
    );
    assert_eq!(response.user_data, None);
    assert_eq!(
        GetSmartHandleJobResponse::from_json("{}").unwrap(),
        GetSmartHandleJobResponse::default()
    );

    let tasks =
        QueryRtcAsrTasksResponse::from_json(r#"{"RetCode": "2000", "Tasks": null}"#).unwrap();
    assert_eq!(tasks.ret_code, Some(RetCode::SUCCESS));
    assert!(tasks.tasks.is_empty());
    let missing = QueryRtcAsrTasksResponse::from_json("{}").unwrap();
    let err = missing.into_result().unwrap_err();
    assert_eq!(
        err.to_string(),
        "QueryRtcAsrTasks failed: RetCode missing, description \"\""
    );
}

#[test]
fn shape_errors_name_the_field_path() {
    use aliasr_models::GetSmartHandleJobResponse;
    let err = GetSmartHandleJobResponse::from_json(
        "{\"SmartJobInfo\": {\"InputConfig\": {\"InputFile\": [1]}}}",
    )
    .unwrap_err();
    let ModelError::UnexpectedJson {
        path, line, column, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(path, "SmartJobInfo.InputConfig.InputFile");
    assert_eq!((*line, *column), (1, 48), "at the `[`");
    assert!(err.to_string().starts_with(
        "GetSmartHandleJob response body: at SmartJobInfo.InputConfig.InputFile: invalid type: sequence"
    ), "{err}");
}

#[test]
fn service_error_keys_are_case_tolerant_and_pascal_case_wins() {
    use aliasr_models::ServiceError;
    let error = ServiceError::from_json(
        r#"{"code": "camel", "Code": "InternalError", "message": "m", "requestId": "r", "hostId": "h",
            "recommend": "link", "accessDeniedDetail": {"AuthAction": "ice:SubmitASRJob", "PolicyType": "AccountLevelIdentityBasedPolicy", "NoPermissionType": "ImplicitDeny"}, "Other": 1}"#,
    )
    .unwrap();
    assert_eq!(error.code, Some(ErrorCode::InternalError));
    assert!(error.is_retryable());
    assert_eq!(
        (
            error.message.as_deref(),
            error.request_id.as_deref(),
            error.host_id.as_deref(),
            error.recommend.as_deref()
        ),
        (Some("m"), Some("r"), Some("h"), Some("link"))
    );
    let detail = error.access_denied_detail.clone().unwrap();
    assert_eq!(detail.auth_action.as_deref(), Some("ice:SubmitASRJob"));
    assert_eq!(detail.no_permission_type.as_deref(), Some("ImplicitDeny"));
    let written = serde_json::to_value(&error).unwrap();
    assert_eq!(written["Code"], "InternalError");
    assert_eq!(
        written["AccessDeniedDetail"]["PolicyType"],
        "AccountLevelIdentityBasedPolicy"
    );
    assert!(written.get("code").is_none());

    let numeric = ServiceError::from_json(r#"{"Code": 400, "Message": "bad"}"#).unwrap();
    assert_eq!(numeric.code, Some(ErrorCode::Other("400".into())));
    assert!(ServiceError::from_json("<html>502</html>").is_err());
}
