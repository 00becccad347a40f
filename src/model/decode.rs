//! Decoding a Service the way the API server does with strict field validation: the YAML tree is
//! walked against the schema, producing the JSON kubectl would send plus every decode problem
//! (wrong JSON type, unknown field, duplicate key) with its field path and span. Values that would
//! fail to decode are left out of the JSON, so the typed view can still be built and the semantic
//! rules can report everything else in the same run.

use serde_json::{Map, Number, Value};

use super::path::{FieldPath, Step, Trail};
use super::schema::{Kind, Schema, ShapeId};
use super::source::Span;
use super::yaml::{Node, NodeKind, Resolved};

#[derive(Clone, Debug, PartialEq)]
pub enum IssueKind {
    WrongType {
        /// `json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32`
        message: String,
    },
    UnknownField {
        suggestion: Option<String>,
    },
    DuplicateKey {
        first: Span,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Issue {
    pub path: FieldPath,
    pub span: Span,
    pub kind: IssueKind,
}

#[derive(Debug)]
pub struct Decoded {
    pub value: Value,
    pub issues: Vec<Issue>,
}

pub fn decode(node: &Node, schema: &Schema) -> Decoded {
    let mut walker = Walker {
        schema,
        issues: Vec::new(),
        go_path: Vec::new(),
        go_struct: "Service",
    };
    let value = walker
        .walk(node, schema.root, &Trail::ROOT)
        .unwrap_or(Value::Null);
    Decoded {
        value,
        issues: walker.issues,
    }
}

struct Walker<'s, 'n> {
    schema: &'s Schema,
    issues: Vec<Issue>,
    /// The dotted path without indices, as Go's decoder prints it.
    go_path: Vec<&'n str>,
    /// The Go struct that holds the field being decoded.
    go_struct: &'s str,
}

impl<'s, 'n> Walker<'s, 'n> {
    fn wrong_type(&mut self, node: &Node, trail: &Trail<'_, 'n>, found: &str, expected: &str) {
        let message = format!(
            "json: cannot unmarshal {found} into Go struct field {}.{} of type {expected}",
            self.go_struct,
            self.go_path.join(".")
        );
        self.issues.push(Issue {
            path: trail.path(),
            span: node.span,
            kind: IssueKind::WrongType { message },
        });
    }

    fn walk(&mut self, node: &'n Node, shape_id: ShapeId, trail: &Trail<'_, 'n>) -> Option<Value> {
        let schema = self.schema;
        let shape = schema.shape(shape_id);
        let resolved = node.resolved();
        if resolved == Some(Resolved::Null) {
            return Some(Value::Null);
        }
        let found = match (&node.kind, resolved) {
            (NodeKind::Map(_), _) => "object",
            (NodeKind::Seq(_), _) => "array",
            (_, Some(r)) => r.json_type(),
            _ => "value",
        };
        match &shape.kind {
            Kind::Any => Some(to_json(node)),
            Kind::Object {
                properties,
                additional,
                ..
            } => {
                let Some(entries) = node.as_map() else {
                    self.wrong_type(node, trail, found, &shape.type_name);
                    return None;
                };
                let additional = *additional;
                // Go names the struct that holds a field; a map (labels) is not a struct.
                let saved_struct = if properties.is_empty() {
                    self.go_struct
                } else {
                    std::mem::replace(&mut self.go_struct, &shape.type_name)
                };
                let mut out = Map::with_capacity(entries.len());
                for entry in entries {
                    let Some(key) = entry.key.scalar_text() else {
                        continue;
                    };
                    let property = properties.iter().find(|(n, _)| n == key).map(|(_, id)| *id);
                    let (step, child_shape) = match property {
                        Some(id) => (Step::Field(key), Some(id)),
                        None => (Step::Key(key), additional),
                    };
                    let Some(child_shape) = child_shape else {
                        let suggestion = suggest(key, properties.iter().map(|(n, _)| n.as_str()));
                        self.issues.push(Issue {
                            path: trail.then(Step::Field(key)).path(),
                            span: entry.key.span,
                            kind: IssueKind::UnknownField { suggestion },
                        });
                        continue;
                    };
                    let pushed = additional.is_none() || property.is_some();
                    if pushed {
                        self.go_path.push(key);
                    }
                    let value = self.walk(&entry.value, child_shape, &trail.then(step));
                    if pushed {
                        self.go_path.pop();
                    }
                    match value {
                        // A null map value (`labels: {tier: }`) decodes to the zero value.
                        Some(Value::Null) if !pushed => {
                            out.insert(key.to_string(), zero(self.schema, child_shape));
                        }
                        Some(value) => {
                            out.insert(key.to_string(), value);
                        }
                        None => {}
                    }
                }
                self.go_struct = saved_struct;
                // Go leaves an absent field at its zero value; the typed view needs one too.
                if let Kind::Object { required, .. } = &shape.kind {
                    for name in required {
                        if out.get(name).is_none_or(Value::is_null)
                            && let Some(id) = properties
                                .iter()
                                .find(|(n, _)| n == name)
                                .map(|(_, id)| *id)
                        {
                            out.insert(name.clone(), zero(self.schema, id));
                        }
                    }
                }
                Some(Value::Object(out))
            }
            Kind::Array(item) => {
                let Some(items) = node.as_seq() else {
                    let expected = format!("[]{}", schema.shape(*item).type_name);
                    self.wrong_type(node, trail, found, &expected);
                    return None;
                };
                let item = *item;
                let values = items
                    .iter()
                    .enumerate()
                    .map(
                        |(i, n)| match self.walk(n, item, &trail.then(Step::Index(i))) {
                            Some(v) if !v.is_null() => v,
                            _ => zero(self.schema, item),
                        },
                    )
                    .collect();
                Some(Value::Array(values))
            }
            Kind::String => match resolved {
                Some(Resolved::Str(s)) => Some(Value::String(s.to_string())),
                _ => {
                    self.wrong_type(node, trail, found, "string");
                    None
                }
            },
            Kind::Boolean => match resolved {
                Some(Resolved::Bool(b)) => Some(Value::Bool(b)),
                _ => {
                    self.wrong_type(node, trail, found, "bool");
                    None
                }
            },
            Kind::Number => match resolved {
                Some(Resolved::Int(i)) => Some(Value::from(i)),
                Some(Resolved::Float(f)) => Number::from_f64(f).map(Value::Number),
                _ => {
                    self.wrong_type(node, trail, found, "float64");
                    None
                }
            },
            Kind::Integer(format) => {
                let format = *format;
                match resolved.and_then(integral) {
                    Some(i) if format == "int64" || i32::try_from(i).is_ok() => {
                        Some(Value::from(i))
                    }
                    Some(i) => {
                        self.wrong_type(node, trail, &format!("number {i}"), format);
                        None
                    }
                    None => {
                        let found = match resolved {
                            Some(Resolved::Float(f)) => format!("number {f}"),
                            _ => found.to_string(),
                        };
                        self.wrong_type(node, trail, &found, format);
                        None
                    }
                }
            }
            Kind::IntOrString => match resolved {
                Some(Resolved::Str(s)) => Some(Value::String(s.to_string())),
                Some(r) => match integral(r) {
                    Some(i) if i32::try_from(i).is_ok() => Some(Value::from(i)),
                    _ => {
                        self.wrong_type(node, trail, found, "IntOrString");
                        None
                    }
                },
                None => {
                    self.wrong_type(node, trail, found, "IntOrString");
                    None
                }
            },
        }
    }
}

/// Go's zero value of a shape, with the required fields of an object filled in.
fn zero(schema: &Schema, id: ShapeId) -> Value {
    match &schema.shape(id).kind {
        Kind::Object {
            properties,
            required,
            ..
        } => Value::Object(
            properties
                .iter()
                .filter(|(n, _)| required.contains(n))
                .map(|(n, sub)| (n.clone(), zero(schema, *sub)))
                .collect(),
        ),
        Kind::Array(_) => Value::Array(Vec::new()),
        Kind::String => Value::String(String::new()),
        Kind::Integer(_) | Kind::Number | Kind::IntOrString => Value::from(0),
        Kind::Boolean => Value::Bool(false),
        Kind::Any => Value::Null,
    }
}

/// An integer as Go's JSON decoder would accept it: `80`, and also `80.0` (go-yaml turns that into
/// the float 80, which marshals back to JSON as `80`).
fn integral(r: Resolved<'_>) -> Option<i64> {
    match r {
        Resolved::Int(i) => Some(i),
        Resolved::Float(f) if f.fract() == 0.0 && f.is_finite() && f.abs() < 9.0e15 => {
            Some(f as i64)
        }
        _ => None,
    }
}

/// Plain JSON for free-form parts of the tree.
pub fn to_json(node: &Node) -> Value {
    match &node.kind {
        NodeKind::Scalar(s) => match s.resolve() {
            Resolved::Null => Value::Null,
            Resolved::Bool(b) => Value::Bool(b),
            Resolved::Int(i) => Value::from(i),
            Resolved::Float(f) => Number::from_f64(f)
                .map(Value::Number)
                .unwrap_or_else(|| Value::String(s.text.to_string())),
            Resolved::Str(t) => Value::String(t.to_string()),
        },
        NodeKind::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        NodeKind::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|e| {
                    let key = match e.key.resolved() {
                        Some(Resolved::Str(s)) => s.to_string(),
                        Some(Resolved::Bool(b)) => b.to_string(),
                        Some(Resolved::Int(i)) => i.to_string(),
                        _ => e.key.scalar_text().unwrap_or_default().to_string(),
                    };
                    (key, to_json(&e.value))
                })
                .collect(),
        ),
    }
}

/// The closest known name, if it is close enough to be the intended one.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let lower = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            let score = if c.eq_ignore_ascii_case(word) {
                1.0
            } else {
                strsim::jaro_winkler(&lower, &c.to_ascii_lowercase())
            };
            (score, c)
        })
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::schema;
    use crate::model::yaml::{Limits, parse_stream};

    fn decode_text(text: &str) -> Decoded {
        let s = parse_stream(text, Limits::default());
        let root = s.documents.into_iter().next().and_then(|d| d.root).unwrap();
        decode(&root, schema::service())
    }

    #[test]
    fn wrong_types_and_unknown_fields_are_found_with_paths() {
        let d = decode_text(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels:\n    version: 1.0\nspec:\n  prots: []\n  ports:\n  - port: \"80\"\n    targetport: 8080\n",
        );
        let paths: Vec<String> = d.issues.iter().map(|i| i.path.to_string()).collect();
        assert_eq!(
            paths,
            [
                "metadata.labels[version]",
                "spec.prots",
                "spec.ports[0].port",
                "spec.ports[0].targetport"
            ]
        );
        match &d.issues[2].kind {
            IssueKind::WrongType { message } => assert_eq!(
                message,
                "json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32"
            ),
            other => panic!("{other:?}"),
        }
        match &d.issues[3].kind {
            IssueKind::UnknownField { suggestion } => {
                assert_eq!(suggestion.as_deref(), Some("targetPort"))
            }
            other => panic!("{other:?}"),
        }
        // A required field that failed to decode takes its zero value, as in Go.
        assert_eq!(d.value["spec"]["ports"][0]["port"], Value::from(0));
    }
}
