//! Arbitrary bytes into every aliasr-models parser of untrusted input: the four answer bodies,
//! the error body, segment lists (strict and lenient) and the JSON-in-a-string accessors.
//! Nothing may panic; whatever parses must survive serialise → parse unchanged; and wire
//! parameters split out of the input must never panic a request reader.
#![no_main]

use aliasr_models::{
    EditingConfig, GetSmartHandleJobRequest, GetSmartHandleJobResponse, NumberOrString,
    NumberPolicy, Operation, QueryRtcAsrTasksRequest, QueryRtcAsrTasksResponse,
    RealTimeRecordCommandRequest, RealTimeRecordCommandResponse, SegmentParseOptions, ServiceError,
    SubmitAsrJobRequest, SubmitAsrJobResponse, UserData, parse_segments, parse_segments_with,
};
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;
use std::fmt::Debug;

/// Whatever parses must be written (`to_json`) and read back (`from_json`) to an equal value.
macro_rules! check_round_trip {
    ($type:ty, $value:expr) => {{
        let written = $value.to_json();
        let back = <$type>::from_json(&written).expect("written bodies parse back");
        assert_eq!(&back, $value, "round trip changed the value: {written}");
    }};
}

/// The request readers see `key=value` pairs split on `&`, like a query string.
fn wire_params(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (k.to_owned(), v.to_owned()),
            None => (pair.to_owned(), String::new()),
        })
        .collect()
}

fn check_request<O: Operation + PartialEq + Debug>(params: &[(String, String)]) {
    if let Ok(request) = O::from_wire_params(params) {
        let again: Vec<(String, String)> = request
            .wire_params()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        assert_eq!(
            O::from_wire_params(&again).expect("own wire params read back"),
            request
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };

    if let Ok(response) = GetSmartHandleJobResponse::from_json(text) {
        check_round_trip!(GetSmartHandleJobResponse, &response);
        let _ = response.ai_result();
        let _ = response.ai_result_with(
            SegmentParseOptions::default().with_numbers(NumberPolicy::AcceptNumericStrings),
        );
        let _ = response.output_segments();
        let _ = response.user_data_as::<BTreeMap<String, NumberOrString>>();
        if let Some(result) = &response.job_result {
            let _ = result.usage_as::<BTreeMap<String, NumberOrString>>();
        }
        if let Some(input) = response
            .smart_job_info
            .as_ref()
            .and_then(|i| i.input_config.as_ref())
        {
            let _ = input.job_parameters();
        }
    }
    if let Ok(response) = SubmitAsrJobResponse::from_json(text) {
        check_round_trip!(SubmitAsrJobResponse, &response);
    }
    if let Ok(response) = QueryRtcAsrTasksResponse::from_json(text) {
        check_round_trip!(QueryRtcAsrTasksResponse, &response);
        let _ = response.into_result();
    }
    if let Ok(response) = RealTimeRecordCommandResponse::from_json(text) {
        check_round_trip!(RealTimeRecordCommandResponse, &response);
    }
    if let Ok(error) = ServiceError::from_json(text) {
        check_round_trip!(ServiceError, &error);
        let _ = (error.is_retryable(), error.to_string());
    }

    let strict = parse_segments(text);
    let lenient = parse_segments_with(
        text,
        SegmentParseOptions::default().with_numbers(NumberPolicy::AcceptNumericStrings),
    );
    if let Ok(segments) = &strict {
        // Lenient accepts everything strict accepts, with the same result.
        assert_eq!(lenient.as_ref().ok(), Some(segments));
        for segment in segments {
            segment
                .check_times()
                .expect("parsed segments keep their invariants");
        }
    }
    if let Err(err) = &strict {
        let _ = err.to_string();
    }

    if let Ok(config) = EditingConfig::from_json(text) {
        assert_eq!(
            EditingConfig::from_json(&config.to_json()).expect("own JSON reads back"),
            config
        );
    }
    if let Ok(user_data) = UserData::from_json(text) {
        assert_eq!(
            UserData::from_json(user_data.as_json()).expect("own JSON reads back"),
            user_data
        );
    }

    let params = wire_params(text);
    check_request::<SubmitAsrJobRequest>(&params);
    check_request::<GetSmartHandleJobRequest>(&params);
    check_request::<QueryRtcAsrTasksRequest>(&params);
    check_request::<RealTimeRecordCommandRequest>(&params);
});
