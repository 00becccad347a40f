//! The API server's string validators (apimachinery `util/validation` and `api/validate/content`),
//! returning its exact messages, one per broken rule, so findings read like `kubectl apply` output.

const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_LABEL_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const QUALIFIED_NAME_MSG: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

fn is_lower_alnum(c: u8) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`
pub fn matches_dns1123_label(s: &str) -> bool {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(&f), Some(&l)) => {
            is_lower_alnum(f)
                && is_lower_alnum(l)
                && b.iter().all(|&c| is_lower_alnum(c) || c == b'-')
        }
        _ => false,
    }
}

fn matches_dns1123_subdomain(s: &str) -> bool {
    !s.is_empty() && s.split('.').all(matches_dns1123_label)
}

pub fn dns1123_label(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !matches_dns1123_label(s) {
        if matches_dns1123_subdomain(s) {
            errs.push("must not contain dots".to_string());
        } else {
            errs.push(DNS1123_LABEL_MSG.to_string());
        }
    }
    errs
}

pub fn dns1035_label(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    let b = s.as_bytes();
    let ok = matches!(b.first(), Some(c) if c.is_ascii_lowercase()) && matches_dns1123_label(s);
    if !ok {
        errs.push(DNS1035_LABEL_MSG.to_string());
    }
    errs
}

pub fn dns1123_subdomain(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 253 {
        errs.push("must be no more than 253 characters".to_string());
    }
    if !matches_dns1123_subdomain(s) {
        errs.push(DNS1123_SUBDOMAIN_MSG.to_string());
    }
    errs
}

fn matches_qualified_name_part(s: &str) -> bool {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) => {
            f.is_ascii_alphanumeric()
                && l.is_ascii_alphanumeric()
                && b.iter()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
        }
        _ => false,
    }
}

/// Label keys, annotation keys, `appProtocol`, `loadBalancerClass`.
pub fn qualified_name(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let name = match s.split_once('/') {
        None => s,
        Some((prefix, name)) if !name.contains('/') => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else {
                // The API server counts a key's prefix in bytes, where it counts other DNS
                // subdomains in characters.
                errs.extend(
                    dns1123_subdomain(prefix).into_iter().map(|m| {
                        format!("prefix part {}", m.replace("253 characters", "253 bytes"))
                    }),
                );
            }
            name
        }
        Some(_) => {
            errs.push(format!(
                "a valid label key {QUALIFIED_NAME_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ));
            return errs;
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        errs.push("name part must be no more than 63 bytes".to_string());
    }
    // The server checks the pattern even on an empty name part, and says both.
    if !matches_qualified_name_part(name) {
        errs.push(format!("name part {QUALIFIED_NAME_MSG}"));
    }
    errs
}

pub fn label_value(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push("must be no more than 63 bytes".to_string());
    }
    if !s.is_empty() && !matches_qualified_name_part(s) {
        errs.push(LABEL_VALUE_MSG.to_string());
    }
    errs
}

/// IANA_SVC_NAME: what a named `targetPort` and a container port name must be.
pub fn iana_svc_name(s: &str) -> Vec<String> {
    // One pass over the bytes: the cross-object rules ask this of every port name of the run.
    let (mut allowed, mut letter, mut double_hyphen) = (!s.is_empty(), false, false);
    let mut previous = 0u8;
    for c in s.bytes() {
        allowed &= is_lower_alnum(c) || c == b'-';
        letter |= c.is_ascii_lowercase();
        double_hyphen |= c == b'-' && previous == b'-';
        previous = c;
    }
    let mut errs = Vec::new();
    if s.len() > 15 {
        errs.push("must be no more than 15 characters".to_string());
    }
    if !allowed {
        errs.push(
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_string(),
        );
    }
    if !letter {
        errs.push("must contain at least one letter (a-z)".to_string());
    }
    if double_hyphen {
        errs.push("must not contain consecutive hyphens".to_string());
    }
    if s.starts_with('-') || s.ends_with('-') {
        errs.push("must not begin or end with a hyphen".to_string());
    }
    errs
}

pub const PORT_RANGE_MSG: &str = "must be between 1 and 65535, inclusive";

pub fn valid_port(n: i64) -> bool {
    (1..=65535).contains(&n)
}

/// `"A", "B"` as the API server lists supported values.
pub fn supported(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("\"{v}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Items a message lists before it says how many more there are.
pub const LISTED: usize = 10;

/// `a, b, c` for a message, the first [`LISTED`] items and then `… and 4,990 more`: a message
/// repeated for every port of a Service must not repeat a list as long as the Service: the output
/// would grow with the square of the input (docs/benchmarks.md has the case that showed it).
/// Only the listed items are formatted (by `show`).
pub fn listing<T>(items: impl IntoIterator<Item = T>, show: impl FnMut(T) -> String) -> String {
    let mut items = items.into_iter();
    let mut out = items
        .by_ref()
        .take(LISTED)
        .map(show)
        .collect::<Vec<_>>()
        .join(", ");
    // Most lists know their length, and counting a mapped iterator would run the map.
    let more = match items.size_hint() {
        (low, Some(high)) if low == high => low,
        _ => items.count(),
    };
    if more > 0 {
        out.push_str(&format!(" and {more} more"));
    }
    out
}

/// A Go-quoted string value as it appears in `Invalid value: "x"`.
pub fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_listing_names_the_first_items_and_counts_the_rest() {
        let show = |n: &usize| n.to_string();
        assert_eq!(listing(&[1usize, 2, 3], show), "1, 2, 3");
        let long: Vec<usize> = (1..=25).collect();
        assert_eq!(
            listing(&long, show),
            "1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 15 more"
        );
        // An iterator that does not know its length is counted.
        assert_eq!(
            listing(long.iter().filter(|n| *n % 2 == 0), show),
            "2, 4, 6, 8, 10, 12, 14, 16, 18, 20 and 2 more"
        );
        assert_eq!(listing(Vec::<usize>::new().iter(), show), "");
    }

    // A real kube-apiserver v1.36.2 says "a valid label key" for labels, annotations, selector
    // keys, appProtocol and loadBalancerClass alike (tests/live/new.rs found it).
    #[test]
    fn a_key_with_two_slashes_is_refused_in_the_api_servers_words() {
        let errs = qualified_name("example.com/a/b");
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].starts_with("a valid label key must consist of alphanumeric characters"),
            "{errs:?}"
        );
    }

    #[test]
    fn labels_and_names() {
        assert!(dns1123_label("web-1").is_empty());
        assert!(dns1123_label("1web").is_empty());
        assert_eq!(dns1123_label("a.b"), ["must not contain dots"]);
        assert_eq!(dns1123_label("Web").len(), 1);
        assert_eq!(dns1123_label(&"a".repeat(64)).len(), 1);
        assert_eq!(dns1035_label("1web").len(), 1);
        assert!(qualified_name("Example.com/Owner").len() == 1);
        assert!(qualified_name("example.com/Owner").is_empty());
        assert!(qualified_name("kubernetes.io/h2c").is_empty());
        assert_eq!(qualified_name("a/b/c").len(), 1);
        assert_eq!(qualified_name("/x"), ["prefix part must be non-empty"]);
        assert!(label_value("").is_empty());
        assert_eq!(label_value("-x").len(), 1);
    }

    #[test]
    fn iana_names_report_every_broken_rule() {
        assert!(iana_svc_name("http").is_empty());
        assert_eq!(
            iana_svc_name("8080"),
            ["must contain at least one letter (a-z)"]
        );
        assert_eq!(
            iana_svc_name("-http--x"),
            [
                "must not contain consecutive hyphens",
                "must not begin or end with a hyphen"
            ]
        );
        assert_eq!(iana_svc_name("a-very-long-port-name").len(), 1);
        assert_eq!(iana_svc_name("HTTP").len(), 2);
    }
}
