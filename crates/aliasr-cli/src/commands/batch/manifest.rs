//! The batch manifest: one JSON record a line, appended and fsynced before the step it records
//! is taken as done, so a crash or `kill -9` at any point leaves a file that says what happened.
//!
//! Why a "submitting" record before the request: if the process dies after the request left and
//! before the JobId was written, the next run must not submit the same input again blindly (the
//! service has no idempotency token for SubmitASRJob). The record marks the outcome as unknown.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

/// One step of one input's life, as written to the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub(crate) enum Event {
    /// About to send SubmitASRJob for this input (written after pacing, right before sending).
    Submitting,
    /// The service accepted the job.
    Submitted {
        /// The JobId the service returned.
        job_id: String,
    },
    /// The service refused the submission: nothing was created, so a re-run may submit again.
    SubmitRejected {
        /// The service's error code, or the local validation error.
        code: String,
        /// The full error text.
        message: String,
    },
    /// The submission may or may not have created a job (timeout or reset after sending).
    SubmitUnknown {
        /// The error text.
        message: String,
    },
    /// The job finished and its subtitles are on disk.
    Finished {
        /// The JobId.
        job_id: String,
        /// Files written for this input.
        outputs: Vec<PathBuf>,
    },
    /// The job ended in the Failed state (or its result could not be turned into subtitles).
    Failed {
        /// The JobId.
        job_id: String,
        /// ErrorCode of the job, or a local error kind.
        code: String,
        /// ErrorMessage of the job, or the local error text.
        message: String,
    },
}

/// A manifest line: which input, what happened, when (unix milliseconds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Record {
    /// The InputFile exactly as listed.
    pub(crate) input: String,
    /// Milliseconds since the Unix epoch when the record was written.
    pub(crate) at_ms: u64,
    /// What happened.
    #[serde(flatten)]
    pub(crate) event: Event,
}

/// What a run should do for one input, decided from the manifest so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    /// Never submitted, or refused by the service: submit.
    Submit,
    /// A job exists: wait for it (never submit again).
    Wait {
        /// The recorded JobId.
        job_id: String,
    },
    /// Finished, with every output file still present: nothing to do.
    Done,
    /// Finished, but an output file is gone: fetch the result again (idempotent) and rewrite.
    Refetch {
        /// The recorded JobId.
        job_id: String,
    },
    /// Ended as Failed: reported, not retried.
    Failed {
        /// The recorded JobId.
        job_id: String,
        /// Why.
        message: String,
    },
    /// A submission may have reached the service but no JobId was recorded: listed for the user.
    OutcomeUnknown,
}

/// Reads every record of a manifest. A missing file is an empty manifest.
///
/// A torn last line (the process died mid-write) is ignored; a bad line elsewhere is an error
/// naming its line number, because silently skipping it could resubmit a job.
pub(crate) fn read(path: &Path) -> anyhow::Result<Vec<Record>> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => {
            return Err(error).with_context(|| format!("reading manifest {}", path.display()));
        }
    };
    let lines: Vec<String> = BufReader::new(file)
        .lines()
        .collect::<Result<_, _>>()
        .with_context(|| format!("reading manifest {}", path.display()))?;
    let mut records = Vec::with_capacity(lines.len());
    for (index, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Record>(line) {
            Ok(record) => records.push(record),
            Err(_) if index + 1 == lines.len() => break,
            Err(error) => bail!(
                "manifest {} line {}: not a manifest record ({error}); fix or move the file before re-running",
                path.display(),
                index + 1
            ),
        }
    }
    Ok(records)
}

/// Decides the next step of every input from the records, in list order.
pub(crate) fn plan(inputs: &[String], records: &[Record]) -> Vec<(String, Step)> {
    let mut last: HashMap<&str, &Event> = HashMap::new();
    for record in records {
        last.insert(record.input.as_str(), &record.event);
    }
    inputs
        .iter()
        .map(|input| {
            let step = match last.get(input.as_str()) {
                None | Some(Event::SubmitRejected { .. }) => Step::Submit,
                Some(Event::Submitting) | Some(Event::SubmitUnknown { .. }) => Step::OutcomeUnknown,
                Some(Event::Submitted { job_id }) => Step::Wait {
                    job_id: job_id.clone(),
                },
                Some(Event::Finished { job_id, outputs }) => {
                    if outputs.iter().all(|path| path.exists()) {
                        Step::Done
                    } else {
                        Step::Refetch {
                            job_id: job_id.clone(),
                        }
                    }
                }
                Some(Event::Failed {
                    job_id,
                    code,
                    message,
                }) => Step::Failed {
                    job_id: job_id.clone(),
                    message: format!("{code}: {message}"),
                },
            };
            (input.clone(), step)
        })
        .collect()
}

/// Appends records, each flushed and fsynced before `append` returns.
#[derive(Debug)]
pub(crate) struct Writer {
    file: File,
    path: PathBuf,
}

impl Writer {
    /// Opens (or creates) the manifest for appending.
    pub(crate) fn open(path: &Path) -> anyhow::Result<Self> {
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .with_context(|| format!("opening manifest {} for writing", path.display()))?;
        Ok(Self {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Writes one record as one line and makes it durable.
    pub(crate) fn append(&mut self, input: &str, event: Event) -> anyhow::Result<()> {
        let record = Record {
            input: input.to_owned(),
            at_ms: now_ms(),
            event,
        };
        let mut line = serde_json::to_string(&record).context("encoding a manifest record")?;
        line.push('\n');
        self.file
            .write_all(line.as_bytes())
            .and_then(|()| self.file.sync_data())
            .with_context(|| format!("writing manifest {}", self.path.display()))
    }
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| {
            u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(input: &str, event: Event) -> Record {
        Record {
            input: input.into(),
            at_ms: 1,
            event,
        }
    }

    #[test]
    fn plan_never_resubmits_a_recorded_job_and_lists_unknown_outcomes() {
        let dir = tempfile::tempdir().unwrap();
        let present = dir.path().join("a.srt");
        std::fs::write(&present, "1\n").unwrap();
        let inputs: Vec<String> = ["a", "b", "c", "d", "e", "f", "g"]
            .map(String::from)
            .to_vec();
        let records = vec![
            record("a", Event::Submitting),
            record(
                "a",
                Event::Submitted {
                    job_id: "J1".into(),
                },
            ),
            record(
                "a",
                Event::Finished {
                    job_id: "J1".into(),
                    outputs: vec![present.clone()],
                },
            ),
            record("b", Event::Submitting),
            record(
                "b",
                Event::Submitted {
                    job_id: "J2".into(),
                },
            ),
            record("c", Event::Submitting),
            record(
                "d",
                Event::SubmitRejected {
                    code: "MalformedParam".into(),
                    message: "bad".into(),
                },
            ),
            record(
                "e",
                Event::Finished {
                    job_id: "J5".into(),
                    outputs: vec![dir.path().join("gone.srt")],
                },
            ),
            record(
                "f",
                Event::Failed {
                    job_id: "J6".into(),
                    code: "InvalidParameter.InputFile".into(),
                    message: "missing".into(),
                },
            ),
        ];
        let steps: Vec<Step> = plan(&inputs, &records)
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        assert_eq!(
            steps,
            vec![
                Step::Done,
                Step::Wait {
                    job_id: "J2".into()
                },
                Step::OutcomeUnknown,
                Step::Submit,
                Step::Refetch {
                    job_id: "J5".into()
                },
                Step::Failed {
                    job_id: "J6".into(),
                    message: "InvalidParameter.InputFile: missing".into()
                },
                Step::Submit,
            ]
        );
    }

    #[test]
    fn records_survive_a_round_trip_and_a_torn_last_line_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.jsonl");
        let mut writer = Writer::open(&path).unwrap();
        writer.append("a", Event::Submitting).unwrap();
        writer
            .append("a", Event::Submitted { job_id: "J".into() })
            .unwrap();
        drop(writer);
        let mut raw = std::fs::read_to_string(&path).unwrap();
        raw.push_str("{\"input\":\"b\",\"at_");
        std::fs::write(&path, raw).unwrap();
        let records = read(&path).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].event, Event::Submitted { job_id: "J".into() });
    }

    #[test]
    fn a_bad_line_in_the_middle_is_an_error_with_its_line_number() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.jsonl");
        std::fs::write(
            &path,
            "{\"input\":\"a\",\"at_ms\":1,\"event\":\"submitting\"}\nnot json\n{\"input\":\"a\",\"at_ms\":1,\"event\":\"submitting\"}\n",
        )
        .unwrap();
        let message = format!("{:#}", read(&path).unwrap_err());
        assert!(message.contains("line 2"), "{message}");
    }

    fn any_event() -> impl proptest::strategy::Strategy<Value = Event> {
        use proptest::prelude::*;
        let text = "\\PC{0,12}";
        prop_oneof![
            Just(Event::Submitting),
            text.prop_map(|job_id| Event::Submitted { job_id }),
            (text, text).prop_map(|(code, message)| Event::SubmitRejected { code, message }),
            text.prop_map(|message| Event::SubmitUnknown { message }),
            (text, proptest::collection::vec(text, 0..3)).prop_map(|(job_id, outputs)| {
                Event::Finished {
                    job_id,
                    outputs: outputs.into_iter().map(PathBuf::from).collect(),
                }
            }),
            (text, text, text).prop_map(|(job_id, code, message)| Event::Failed {
                job_id,
                code,
                message
            }),
        ]
    }

    proptest::proptest! {
        /// Whatever is written reads back the same, also after a torn (cut) extra line.
        #[test]
        fn manifests_round_trip_and_survive_a_torn_tail(
            events in proptest::collection::vec(("\\PC{1,20}", any_event()), 0..12),
            torn in "\\PC{0,30}",
        ) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("m.jsonl");
            let mut writer = Writer::open(&path).unwrap();
            for (input, event) in &events {
                writer.append(input, event.clone()).unwrap();
            }
            drop(writer);
            let mut raw = std::fs::read_to_string(&path).unwrap();
            raw.push_str(&torn.replace('\n', " "));
            std::fs::write(&path, raw).unwrap();
            let records = read(&path).unwrap();
            let expected: Vec<(String, Event)> = events;
            let got: Vec<(String, Event)> = records.into_iter().map(|r| (r.input, r.event)).collect();
            // A torn tail that happens to be a whole record would add one; it never removes any.
            proptest::prop_assert!(got.len() == expected.len() || got.len() == expected.len() + 1);
            proptest::prop_assert_eq!(&got[..expected.len()], &expected[..]);
        }
    }

    #[test]
    fn a_missing_manifest_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read(&dir.path().join("none.jsonl")).unwrap().is_empty());
    }
}
