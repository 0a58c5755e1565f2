//! Wire parameters equal the `api_params` of the official SDK vectors, as a set and in the
//! SDK's order (`final_query_order` for V1 vectors, the `final_url` query order for all).

use aliasr_models::{
    EditingConfig, GetSmartHandleJobRequest, Operation, RealTimeRecordCommandRequest,
    RecordCommand, SubmitAsrJobRequest, UserData,
};
use serde_json::Value;
use std::collections::BTreeMap;

use crate::shared_dir;

fn vectors() -> Vec<Value> {
    let path = shared_dir("vectors").join("official-vectors.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let document: Value = serde_json::from_str(&text).unwrap();
    document["vectors"].as_array().unwrap().clone()
}

fn api_params(vector: &Value) -> BTreeMap<String, String> {
    vector["api_params"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect()
}

/// Parameter names in the order the SDK put them in the final URL.
fn url_order(vector: &Value) -> Vec<String> {
    let url = vector["final_url"].as_str().unwrap();
    let query = url.split_once('?').unwrap().1;
    query
        .split('&')
        .map(|pair| pair.split_once('=').unwrap().0.to_owned())
        .collect()
}

/// Checks `params` against one vector: same set of (name, value), same order as the SDK.
fn assert_matches_vector(vector: &Value, params: &[(&'static str, String)]) {
    let name = vector["name"].as_str().unwrap();
    let ours: BTreeMap<String, String> = params
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    assert_eq!(
        ours.len(),
        params.len(),
        "{name}: a parameter appears twice"
    );
    assert_eq!(ours, api_params(vector), "{name}: parameter set");

    let our_order: Vec<&str> = params.iter().map(|(k, _)| *k).collect();
    let url_order: Vec<String> = url_order(vector)
        .into_iter()
        .filter(|k| ours.contains_key(k))
        .collect();
    assert_eq!(our_order, url_order, "{name}: order in final_url");
    if let Some(order) = vector["final_query_order"].as_array() {
        let sdk_order: Vec<&str> = order
            .iter()
            .map(|k| k.as_str().unwrap())
            .filter(|k| ours.contains_key(*k))
            .collect();
        assert_eq!(our_order, sdk_order, "{name}: final_query_order");
    }
}

fn vectors_for(action: &str) -> Vec<Value> {
    let found: Vec<Value> = vectors()
        .into_iter()
        .filter(|v| v["action"] == action)
        .collect();
    assert!(!found.is_empty(), "no vector for {action}");
    found
}

fn wire(params: &BTreeMap<String, String>) -> Vec<(String, String)> {
    params.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

#[test]
fn submit_asr_job_full_matches_every_vector() {
    let vectors = vectors_for("SubmitASRJob");
    assert!(vectors.len() >= 3, "V1, V1 STS and V3 vectors");
    for vector in &vectors {
        let given = api_params(vector);
        // Built from the plain values, as a caller copying them would.
        let request = SubmitAsrJobRequest::builder()
            .input_file(&given["InputFile"])
            .title(&given["Title"])
            .description(&given["Description"])
            .start_time(&given["StartTime"])
            .duration(&given["Duration"])
            .editing_config_json(&given["EditingConfig"])
            .user_data_json(&given["UserData"])
            .build()
            .unwrap();
        assert_matches_vector(vector, &request.wire_params());

        // Built from typed values, the JSON strings come out byte for byte as the SDK's.
        let typed = SubmitAsrJobRequest::builder()
            .input_file(&given["InputFile"])
            .title(&given["Title"])
            .description(&given["Description"])
            .start_time("00:00:05")
            .duration("00:10:00")
            .editing_config(
                EditingConfig::new()
                    .with_hotword_library_id("hwl-3a9c2e8f1b")
                    .with_extra_json("SentenceMaxLength", "20")
                    .unwrap()
                    .with_extra_json("EnableSemanticSentenceDetection", "true")
                    .unwrap(),
            )
            .user_data(
                UserData::from_serialize(&serde_json::json!({
                    "NotifyAddress": "https://example.com/cb?x=1&y=2",
                    "biz": "会议",
                    "trace": "a b",
                }))
                .unwrap(),
            )
            .build()
            .unwrap();
        assert_eq!(typed, request);

        // And the server side reads the same request back from the wire.
        assert_eq!(
            SubmitAsrJobRequest::from_wire_params(&wire(&given)).unwrap(),
            request
        );
    }
}

#[test]
fn real_time_record_command_start_matches_its_vector() {
    for vector in vectors_for("RealTimeRecordCommand") {
        let given = api_params(&vector);
        let request = RealTimeRecordCommandRequest::builder()
            .region_id(&given["RegionId"])
            .domain_name(&given["DomainName"])
            .app_name(&given["AppName"])
            .stream_name(&given["StreamName"])
            .command(given["Command"].parse::<RecordCommand>().unwrap())
            .build()
            .unwrap();
        assert_eq!(request.command(), RecordCommand::Start);
        assert_matches_vector(&vector, &request.wire_params());
        assert_eq!(
            RealTimeRecordCommandRequest::from_wire_params(&wire(&given)).unwrap(),
            request
        );
        let spec = RealTimeRecordCommandRequest::SPEC;
        assert_eq!(vector["method"], spec.method.as_str());
        assert_eq!(vector["params"]["Version"], spec.version);
    }
}

#[test]
fn get_smart_handle_job_matches_its_vector() {
    for vector in vectors_for("GetSmartHandleJob") {
        let given = api_params(&vector);
        let request = GetSmartHandleJobRequest::new(&given["JobId"]).unwrap();
        assert_matches_vector(&vector, &request.wire_params());
        assert_eq!(
            GetSmartHandleJobRequest::from_wire_params(&wire(&given)).unwrap(),
            request
        );
        assert_eq!(
            vector["method"],
            GetSmartHandleJobRequest::SPEC.method.as_str()
        );
    }
}

#[test]
fn specs_match_the_vectors_action_method_and_host() {
    for vector in vectors() {
        let Some(kind) =
            aliasr_models::OperationKind::from_action(vector["action"].as_str().unwrap())
        else {
            continue;
        };
        let spec = kind.spec();
        assert_eq!(vector["method"], spec.method.as_str());
        let host = vector["host"].as_str().unwrap();
        assert!(
            host.starts_with(spec.product.id()),
            "{host} vs {:?}",
            spec.product
        );
        // Every API parameter of the vector is one the spec knows.
        for name in api_params(&vector).keys() {
            assert!(spec.param(name).is_some(), "{name} not in {}", spec.action);
        }
    }
}
