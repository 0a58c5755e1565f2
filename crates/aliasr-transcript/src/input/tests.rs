use super::*;

fn read(text: &str) -> Result<ParsedInput, TranscriptError> {
    read_segments(text.as_bytes(), &InputOptions::new())
}

const ARRAY: &str = r#"[{"content":"hi","from":0,"to":1.5}]"#;

#[test]
fn every_accepted_shape_gives_the_same_segments() {
    let stringified = serde_json::to_string(ARRAY).unwrap();
    let body_ai = format!(r#"{{"State":"Finished","JobResult":{{"AiResult":{stringified}}}}}"#);
    let body_output = format!(r#"{{"State":"Finished","Output":{stringified}}}"#);
    let body_array = format!(r#"{{"JobResult":{{"AiResult":{ARRAY}}}}}"#);
    let wrapped = format!(r#"{{"headers":{{}},"statusCode":200,"body":{body_ai}}}"#);
    let double = serde_json::to_string(&stringified).unwrap();
    let cases = [
        (ARRAY.to_string(), "input"),
        (stringified.clone(), "input"),
        (double, "input"),
        (body_ai, "JobResult.AiResult"),
        (body_output, "Output"),
        (body_array, "JobResult.AiResult"),
        (wrapped, "body.JobResult.AiResult"),
        (format!("\u{feff}  {ARRAY}\n"), "input"),
    ];
    for (text, location) in cases {
        let parsed = read(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(
            parsed.segments.to_vec(),
            vec![aliasr_models::Segment::new("hi", 0.0, 1.5).unwrap()],
            "{text}"
        );
        assert_eq!(parsed.location, location, "{text}");
        assert!(parsed.warnings.is_empty());
    }
}

#[test]
fn ai_result_wins_over_output() {
    let text = r#"{"JobResult":{"AiResult":[{"content":"a","from":0,"to":1}]},"Output":[{"content":"b","from":0,"to":1}]}"#;
    assert_eq!(read(text).unwrap().segments.get(0).unwrap().content, "a");
    let text = r#"{"JobResult":{},"Output":[{"content":"b","from":0,"to":1}]}"#;
    assert_eq!(read(text).unwrap().segments.get(0).unwrap().content, "b");
}

#[test]
fn other_shapes_say_what_was_expected_and_found() {
    for (text, found) in [
        ("42", "a number"),
        ("", "empty input"),
        (r#"{"a":1,"b":2}"#, "keys a, b"),
        (r#""""#, "an empty string"),
        ("{}", "an empty object"),
    ] {
        let error = read(text).unwrap_err().to_string();
        assert!(error.contains("expected a segment array"), "{error}");
        assert!(error.contains(found), "{text}: {error}");
    }
}

#[test]
fn job_states_are_reported() {
    let failed = r#"{"State":"Failed","ErrorCode":"E1","ErrorMessage":"boom"}"#;
    assert_eq!(
        read(failed).unwrap_err(),
        TranscriptError::JobFailed {
            code: Some("E1".into()),
            message: Some("boom".into())
        }
    );
    let running = r#"{"State":"Executing"}"#;
    assert_eq!(
        read(running).unwrap_err(),
        TranscriptError::JobNotFinished {
            state: "Executing".into()
        }
    );
    let error = r#"{"Code":"Throttling.User","Message":"slow down"}"#;
    assert!(
        matches!(read(error).unwrap_err(), TranscriptError::ErrorResponse { code, .. } if code == "Throttling.User")
    );
}

#[test]
fn segment_errors_name_the_index_and_field() {
    let text =
        r#"[{"content":"a","from":0,"to":1},{"content":5,"from":0,"to":1},{"from":1,"to":2},7]"#;
    let error = read(text).unwrap_err();
    assert_eq!(
        error,
        TranscriptError::InvalidSegment {
            location: "input".into(),
            index: 1,
            field: "content",
            problem: "`content` must be a string, found the number 5".into(),
            more: 2,
        }
    );
    assert_eq!(
        error.to_string(),
        "invalid segment input[1]: `content` must be a string, found the number 5 (2 more segments are invalid too)"
    );
    let duplicate = read(r#"[{"content":"a","from":0,"from":1,"to":1}]"#)
        .unwrap_err()
        .to_string();
    assert!(
        duplicate.contains("`from` appears more than once"),
        "{duplicate}"
    );
    let huge = read(r#"[{"content":"a","from":0,"to":1e300}]"#)
        .unwrap_err()
        .to_string();
    assert!(huge.contains("`to`") && huge.contains("beyond"), "{huge}");
}

#[test]
fn nested_json_errors_name_the_field_that_holds_them() {
    let text = r#"{"JobResult":{"AiResult":"[{\"content\":\"a\" \"from\":0}]"}}"#;
    let TranscriptError::MalformedJson {
        location,
        line,
        column,
        ..
    } = read(text).unwrap_err()
    else {
        panic!("expected malformed JSON")
    };
    assert_eq!(location, "JobResult.AiResult");
    assert_eq!((line, column), (1, 17));
}

#[test]
fn invalid_utf8_is_located() {
    let error = read_segments(b"[\n\"\xff\"]", &InputOptions::new()).unwrap_err();
    assert!(
        matches!(
            &error,
            TranscriptError::MalformedJson {
                line: 2,
                column: 2,
                message,
                ..
            } if message == "invalid UTF-8"
        ),
        "{error:?}"
    );
    // Valid UTF-8 of every length before the bad byte: the fast check works in blocks, and
    // the place must come out the same wherever the block boundaries fall.
    for prefix in 0..200 {
        // `[`, `"`, three ideographs, then the bad byte: the sixth character after the spaces.
        let mut input = vec![b' '; prefix];
        input.extend_from_slice("[\"大家好".as_bytes());
        input.push(0xFF);
        input.extend_from_slice(b"\"]");
        let error = read_segments(&input, &InputOptions::new()).unwrap_err();
        assert!(
            matches!(
                &error,
                TranscriptError::MalformedJson { line: 1, column, message, .. }
                    if message == "invalid UTF-8" && *column == prefix + 6
            ),
            "{prefix}: {error:?}"
        );
    }
}

#[test]
fn stringified_nesting_is_bounded() {
    let mut text = ARRAY.to_string();
    for _ in 0..6 {
        text = serde_json::to_string(&text).unwrap();
    }
    assert!(
        read(&text)
            .unwrap_err()
            .to_string()
            .contains("nested more than")
    );
}
