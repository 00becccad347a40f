//! API field paths as the API server prints them: `spec.ports[1].nodePort`,
//! `metadata.annotations[service.kubernetes.io/topology-mode]`, and resolution of such a path to
//! the YAML node (or nearest existing ancestor) that a finding should point at.

use std::fmt;

use compact_str::CompactString;

use super::source::Span;
use super::yaml::Node;

/// Field names and most keys fit inline in a `CompactString`: rules build paths for every
/// Service, and a heap allocation per segment showed up in profiles.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Segment {
    Field(CompactString),
    Index(usize),
    /// A map key, printed in brackets (`annotations[key]`).
    Key(CompactString),
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct FieldPath(pub Vec<Segment>);

impl FieldPath {
    pub fn root() -> Self {
        FieldPath(Vec::new())
    }

    /// Parse a dotted path such as `spec.ports[0].nodePort`; `[n]` is an index, any other bracket
    /// content a map key.
    pub fn parse(text: &str) -> Self {
        // Rules parse their paths for every Service they check, so this scans bytes (the
        // separators are ASCII, so every cut is on a character boundary) into a presized list.
        let separators = text.bytes().filter(|b| matches!(b, b'.' | b'[')).count();
        let mut segments = Vec::with_capacity(separators + 1);
        let mut rest = text;
        while let Some(&first) = rest.as_bytes().first() {
            let after = rest.get(1..).unwrap_or("");
            match first {
                b'[' => {
                    let close = after.bytes().position(|b| b == b']').unwrap_or(after.len());
                    let inner = after.get(..close).unwrap_or("");
                    segments.push(match inner.parse::<usize>() {
                        Ok(i) => Segment::Index(i),
                        Err(_) => Segment::Key(inner.into()),
                    });
                    rest = after.get(close + 1..).unwrap_or("");
                }
                b'.' => rest = after,
                _ => {
                    let end = rest
                        .bytes()
                        .position(|b| b == b'.' || b == b'[')
                        .unwrap_or(rest.len());
                    segments.push(Segment::Field(rest.get(..end).unwrap_or("").into()));
                    rest = rest.get(end..).unwrap_or("");
                }
            }
        }
        FieldPath(segments)
    }

    pub fn field(&self, name: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Field(name.into()));
        p
    }

    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Index(i));
        p
    }

    pub fn key(&self, k: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Key(k.into()));
        p
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Segment::Field(name) if i == 0 => write!(f, "{name}")?,
                Segment::Field(name) => write!(f, ".{name}")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
                Segment::Key(k) => write!(f, "[{k}]")?,
            }
        }
        Ok(())
    }
}

/// Where a path lands in a document.
#[derive(Clone, Copy, Debug)]
pub struct Located<'a> {
    /// The deepest node reached.
    pub node: &'a Node,
    /// The span of the key that introduced `node`, when it came from a mapping.
    pub key: Option<Span>,
    /// Whether every segment was found.
    pub exact: bool,
}

impl Located<'_> {
    /// The span a diagnostic about this path should label: a scalar's value; a collection's key
    /// (the value may span many lines); the key of the nearest parent for a missing field.
    pub fn label_span(&self) -> Span {
        if !self.exact {
            return self.key.unwrap_or_else(|| first_line_span(self.node));
        }
        match (&self.node.kind, self.key) {
            (super::yaml::NodeKind::Scalar(_), _) => {
                if self.node.span.is_empty() {
                    self.key.unwrap_or(self.node.span)
                } else {
                    self.node.span
                }
            }
            (_, Some(key)) => key,
            (_, None) => first_line_span(self.node),
        }
    }
}

/// A collection without a key (a list item, a document root): its first key or item.
fn first_line_span(node: &Node) -> Span {
    if let Some(first) = node.as_map().and_then(|m| m.first()) {
        return first.key.span;
    }
    if let Some(first) = node.as_seq().and_then(|s| s.first()) {
        return first_line_span(first);
    }
    node.span
}

pub fn locate<'a>(root: &'a Node, path: &FieldPath) -> Located<'a> {
    let mut here = Located {
        node: root,
        key: None,
        exact: true,
    };
    for seg in &path.0 {
        let next = match seg {
            Segment::Field(name) | Segment::Key(name) => {
                here.node.entry(name).map(|e| (&e.value, Some(e.key.span)))
            }
            Segment::Index(i) => here
                .node
                .as_seq()
                .and_then(|items| items.get(*i))
                .map(|n| (n, None)),
        };
        match next {
            Some((node, key)) => {
                here = Located {
                    node,
                    key,
                    exact: true,
                }
            }
            None => {
                here.exact = false;
                return here;
            }
        }
    }
    here
}

/// One step of a path being walked. A [`Trail`] of them lives on the walker's call stack and
/// becomes a [`FieldPath`] only when a finding needs one, so that clean input allocates no paths.
#[derive(Clone, Copy)]
pub enum Step<'n> {
    Root,
    Field(&'n str),
    Key(&'n str),
    Index(usize),
}

pub struct Trail<'p, 'n> {
    parent: Option<&'p Trail<'p, 'n>>,
    step: Step<'n>,
}

impl<'p, 'n> Trail<'p, 'n> {
    pub const ROOT: Trail<'static, 'static> = Trail {
        parent: None,
        step: Step::Root,
    };

    pub fn then(&'p self, step: Step<'n>) -> Trail<'p, 'n> {
        Trail {
            parent: Some(self),
            step,
        }
    }

    pub fn path(&self) -> FieldPath {
        let mut steps = Vec::new();
        let mut at = Some(self);
        while let Some(trail) = at {
            steps.push(trail.step);
            at = trail.parent;
        }
        let mut path = FieldPath::root();
        for step in steps.into_iter().rev() {
            path = match step {
                Step::Root => path,
                Step::Field(name) => path.field(name),
                Step::Key(key) => path.key(key),
                Step::Index(i) => path.index(i),
            };
        }
        path
    }
}

impl Trail<'_, '_> {
    /// Whether the trail spells exactly these fields from the root (`["metadata", "labels"]`).
    pub fn is_fields(&self, fields: &[&str]) -> bool {
        let mut at = Some(self);
        for field in fields.iter().rev() {
            match at {
                Some(Trail {
                    parent,
                    step: Step::Field(name),
                }) if name == field => at = *parent,
                _ => return false,
            }
        }
        matches!(
            at,
            Some(Trail {
                parent: None,
                step: Step::Root
            })
        )
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_trail_becomes_a_path_only_on_demand_and_knows_where_it_is() {
        let spec = Trail::ROOT.then(Step::Field("spec"));
        let selector = spec.then(Step::Field("selector"));
        let app = selector.then(Step::Key("app"));
        assert!(selector.is_fields(&["spec", "selector"]));
        assert!(!spec.is_fields(&["spec", "selector"]));
        assert!(!app.is_fields(&["spec", "selector"]));
        assert_eq!(app.path().to_string(), "spec.selector[app]");
        let ports = spec.then(Step::Field("ports"));
        let port = ports.then(Step::Index(1));
        assert_eq!(port.path().to_string(), "spec.ports[1]");
    }

    use super::*;

    #[test]
    fn round_trips_api_paths() {
        for p in [
            "spec.ports[1].nodePort",
            "metadata.annotations[service.kubernetes.io/topology-mode]",
            "spec.clusterIPs",
            "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
        ] {
            assert_eq!(FieldPath::parse(p).to_string(), p);
        }
    }

    #[test]
    fn odd_paths_parse_without_panicking() {
        let field = |s: &str| Segment::Field(s.into());
        assert_eq!(FieldPath::parse("a..b").0, [field("a"), field("b")]);
        assert_eq!(FieldPath::parse(".a").0, [field("a")]);
        assert_eq!(
            FieldPath::parse("a[").0,
            [field("a"), Segment::Key("".into())]
        );
        assert_eq!(FieldPath::parse("[0]x").0, [Segment::Index(0), field("x")]);
        assert_eq!(FieldPath::parse("a]").0, [field("a]")]);
        assert_eq!(
            FieldPath::parse("é.ü[ö]").0,
            [field("é"), field("ü"), Segment::Key("ö".into())]
        );
        assert!(FieldPath::parse("").is_root());
    }
}
