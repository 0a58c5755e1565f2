//! Filling the HTML template: the title, the data as JSON, and the script, all inline.

use super::Report;

/// The page: markup and style, with `{{title}}`, `{{data}}` and `{{script}}` markers.
const TEMPLATE: &str = include_str!("report.html");
/// The page's one script (timeline, charts, flagged list, media preview).
const SCRIPT: &str = include_str!("report.js");

/// The markers, in the order they appear in the template.
const MARKERS: [&str; 3] = ["{{title}}", "{{data}}", "{{script}}"];

pub(super) fn data_json(report: &Report) -> String {
    // Every field serialises infallibly (strings, integers, finite floats, vectors, options),
    // so an error here cannot happen; `null` would make the page say it has no data.
    serde_json::to_string(report).unwrap_or_else(|_| "null".to_owned())
}

pub(super) fn render(report: &Report) -> String {
    let json = data_json(report);
    let title = escape_html(&format!("Subtitle report: {}", report.input.source_name));
    let mut out = String::with_capacity(TEMPLATE.len() + SCRIPT.len() + json.len() * 11 / 10);
    let mut rest = TEMPLATE;
    for marker in MARKERS {
        // The markers are in the template (a unit test checks it); the template is scanned
        // once, so a marker inside the data is never replaced.
        let Some((before, after)) = rest.split_once(marker) else {
            continue;
        };
        out.push_str(before);
        match marker {
            "{{title}}" => out.push_str(&title),
            "{{data}}" => push_json_for_script_element(&mut out, &json),
            _ => out.push_str(SCRIPT),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Appends JSON for a `<script type="application/json">` element: every `<` becomes `\u003c`,
/// so neither `</script>` nor `<!--` can appear, and `JSON.parse` reads the same value.
fn push_json_for_script_element(out: &mut String, json: &str) {
    let mut parts = json.split('<');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for part in parts {
        out.push_str("\\u003c");
        out.push_str(part);
    }
}

/// Escapes text for HTML element content and attribute values.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_holds_each_marker_once_in_order_and_the_script_cannot_close_early() {
        let positions: Vec<usize> = MARKERS
            .iter()
            .map(|m| {
                assert_eq!(TEMPLATE.matches(m).count(), 1, "{m}");
                TEMPLATE.find(m).unwrap_or(usize::MAX)
            })
            .collect();
        assert!(positions.is_sorted(), "{positions:?}");
        assert!(!SCRIPT.to_ascii_lowercase().contains("</script"));
        assert!(!SCRIPT.contains("<!--"));
    }

    #[test]
    fn json_in_a_script_element_has_no_angle_bracket() {
        let mut out = String::new();
        push_json_for_script_element(&mut out, r#"["</script><!--x","<"]"#);
        assert_eq!(out, r#"["\u003c/script>\u003c!--x","\u003c"]"#);
        let back: Vec<String> = serde_json::from_str(&out).unwrap();
        assert_eq!(back, ["</script><!--x", "<"]);
        assert_eq!(
            escape_html(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
