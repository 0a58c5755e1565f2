//! Deterministic input generators shared by the criterion benches and `benches/compare/`.
//!
//! No randomness crate: a seeded xorshift keeps every run, machine and toolchain identical.

/// A small xorshift64* generator: deterministic, fast, good enough for test data.
#[derive(Debug, Clone)]
pub struct XorShift(u64);

impl XorShift {
    /// A generator from a seed (zero is replaced, as xorshift needs a non-zero state).
    pub fn new(seed: u64) -> Self {
        Self(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..bound` (`bound` > 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const ZH_PHRASES: &[&str] = &[
    "大家好",
    "欢迎参加",
    "第二季度的产品评审会议",
    "今天我们先回顾",
    "上个季度的用户增长数据",
    "然后讨论新版本的发布计划",
    "最后留出时间给大家提问",
    "这个增长主要来自华东和华南两个区域",
    "我们需要确认一下",
    "直播那边是每个用户每秒五十次",
    "实时字幕查询是二十次",
    "对",
    "嗯",
    "好的",
    "没问题",
    "接下来看一下转化率",
    "这部分由产品团队负责",
];
const ZH_PUNCT: &[&str] = &["，", "，", "、", "。", "！", "？"];
const EN_WORDS: &[&str] = &[
    "the",
    "release",
    "plan",
    "users",
    "grew",
    "by",
    "quarter",
    "over",
    "and",
    "we",
    "shipped",
    "new",
    "onboarding",
    "flow",
    "in",
    "April",
    "thanks",
    "everyone",
    "for",
    "joining",
    "let's",
    "get",
    "started",
    "with",
    "numbers",
    "beta",
    "notes",
    "action",
    "items",
    "owners",
    "workstream",
    "API",
    "QPS",
    "limit",
    "<b>bold</b>",
    "&",
    "->",
];
const EN_ENDINGS: &[&str] = &[".", ".", "?", "!", ",", ""];

/// `n` mixed Chinese/English segments as an AiResult JSON array, identical for a given seed.
///
/// About 60% Chinese (some with English words inside), 40% English; about one segment in eight
/// is long enough to be split into several cues; a few are empty or overlap the next one.
///
/// ```
/// let json = aliasr_benches::generate_airesult(3, 7);
/// assert_eq!(json, aliasr_benches::generate_airesult(3, 7));
/// let value: serde_json::Value = serde_json::from_str(&json).unwrap();
/// assert_eq!(value.as_array().map(Vec::len), Some(3));
/// ```
pub fn generate_airesult(n: usize, seed: u64) -> String {
    let mut rng = XorShift::new(seed);
    let mut out = String::with_capacity(n * 120 + 2);
    out.push('[');
    let mut cursor_ms: u64 = 0;
    for i in 0..n {
        let long = rng.below(8) == 0;
        let (content, chars_per_second) = if rng.below(10) < 6 {
            (chinese(&mut rng, long), 5)
        } else {
            (english(&mut rng, long), 15)
        };
        let content = if rng.below(200) == 0 {
            String::new()
        } else {
            content
        };
        let chars = content.chars().count() as u64;
        let duration_ms = (chars * 1000 / chars_per_second).max(200) + rng.below(400);
        let from = cursor_ms;
        let to = from + duration_ms;
        // Mostly a small gap; sometimes touching; rarely a small overlap, as real ASR output has.
        cursor_ms = match rng.below(20) {
            0 => to.saturating_sub(50),
            1..=5 => to,
            _ => to + 20 + rng.below(600),
        };
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"content\":");
        out.push_str(&serde_json::Value::String(content).to_string());
        out.push_str(&format!(
            ",\"from\":{}.{:03},\"to\":{}.{:03}}}",
            from / 1000,
            from % 1000,
            to / 1000,
            to % 1000
        ));
    }
    out.push(']');
    out
}

fn chinese(rng: &mut XorShift, long: bool) -> String {
    let clauses = if long {
        3 + rng.below(4)
    } else {
        1 + rng.below(2)
    };
    let mut text = String::new();
    for c in 0..clauses {
        text.push_str(rng.pick(ZH_PHRASES));
        if rng.below(6) == 0 {
            text.push(' ');
            text.push_str(rng.pick(EN_WORDS));
            text.push(' ');
            text.push_str(rng.pick(ZH_PHRASES));
        }
        text.push_str(if c + 1 == clauses {
            "。"
        } else {
            rng.pick(ZH_PUNCT)
        });
    }
    text
}

fn english(rng: &mut XorShift, long: bool) -> String {
    let words = if long {
        20 + rng.below(20)
    } else {
        3 + rng.below(10)
    };
    let mut text = String::new();
    for w in 0..words {
        if w > 0 {
            text.push(' ');
        }
        let word = rng.pick(EN_WORDS);
        if w == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                text.extend(first.to_uppercase());
                text.push_str(chars.as_str());
            }
        } else {
            text.push_str(word);
        }
        if w + 1 < words && rng.below(9) == 0 {
            text.push_str(rng.pick(EN_ENDINGS));
        }
    }
    text.push_str(if rng.below(3) == 0 { "?" } else { "." });
    text
}

/// The median of timing samples (the upper one of the middle two for an even count); `None`
/// when there are none.
pub fn median(mut samples: Vec<std::time::Duration>) -> Option<std::time::Duration> {
    samples.sort();
    samples.get(samples.len() / 2).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_deterministic_valid_and_mixed() {
        let json = generate_airesult(500, 42);
        assert_eq!(json, generate_airesult(500, 42));
        assert_ne!(json, generate_airesult(500, 43));
        let segments: Vec<aliasr_models::Segment> = serde_json::from_str(&json).unwrap();
        assert_eq!(segments.len(), 500);
        assert!(segments.iter().all(|s| s.check_times().is_ok()));
        let chinese = segments
            .iter()
            .filter(|s| s.content.chars().any(|c| c >= '\u{4e00}'))
            .count();
        assert!((200..400).contains(&chinese), "{chinese}");
        assert!(segments.iter().any(|s| s.content.is_empty()));
    }
}

/// The official vector `tea_v1_SubmitASRJob_full`, ready to sign: the request (its seven API
/// parameters, timestamp and nonce), the credentials, and the expected artefacts.
#[derive(Debug, Clone)]
pub struct SigningCase {
    /// The SubmitASRJob request of the vector.
    pub request: aliasr_sign::SignableRequest,
    /// The vector's AccessKey.
    pub credentials: aliasr_sign::Credentials,
    /// The official V1 string to sign.
    pub string_to_sign: String,
    /// The official HMAC key (`secret&`).
    pub signing_key: String,
    /// The official V1 signature.
    pub signature: String,
}

/// Loads [`SigningCase`] from `testdata/vectors/official-vectors.json`.
pub fn submit_asr_job_case() -> Result<SigningCase, String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/vectors/official-vectors.json"
    );
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let doc: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
    let vector = doc["vectors"]
        .as_array()
        .and_then(|all| all.iter().find(|v| v["name"] == "tea_v1_SubmitASRJob_full"))
        .ok_or("vector tea_v1_SubmitASRJob_full is missing")?;
    let s = |v: &serde_json::Value| v.as_str().map(str::to_owned).ok_or("expected a string");
    let params = &vector["params"];
    let mut request = aliasr_sign::SignableRequest::new(
        aliasr_sign::HttpMethod::Post,
        s(&vector["host"])?,
        s(&params["Action"])?,
        s(&params["Version"])?,
    )
    .with_timestamp(s(&params["Timestamp"])?)
    .with_nonce(s(&params["SignatureNonce"])?);
    let api = vector["api_params"]
        .as_object()
        .ok_or("api_params is not an object")?;
    for (name, value) in api {
        request = request.with_param(name.clone(), s(value)?);
    }
    Ok(SigningCase {
        credentials: aliasr_sign::Credentials::new(
            s(&vector["access_key_id"])?,
            s(&vector["access_key_secret"])?,
        ),
        request,
        string_to_sign: s(&vector["string_to_sign"])?,
        signing_key: s(&vector["signing_key"])?,
        signature: s(&vector["signature"])?,
    })
}
