//! Property tests: every model survives serialise → parse; requests survive wire → parse;
//! the Title/Description limit is exactly 128 UTF-8 bytes for any Unicode.

use aliasr_models::{
    EditingConfig, ErrorCode, GetSmartHandleJobRequest, GetSmartHandleJobResponse, InputFile,
    JobState, ModelError, Operation, QueryRtcAsrTasksResponse, RealTimeRecordCommandResponse,
    RetCode, Segment, ServiceError, SubmitAsrJobRequest, SubmitAsrJobResponse, Timecode, UserData,
    ViolationProblem, parse_segments,
};
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt::Debug;

use crate::strategies::*;

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) {
    let json = serde_json::to_string(value).unwrap();
    let back: T = serde_json::from_str(&json).unwrap_or_else(|err| panic!("{err}: {json}"));
    assert_eq!(&back, value, "{json}");
    // Pretty-printed text reads the same.
    let pretty = serde_json::to_string_pretty(value).unwrap();
    assert_eq!(&serde_json::from_str::<T>(&pretty).unwrap(), value);
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
