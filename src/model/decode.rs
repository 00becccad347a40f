//! Decoding a Service the way the API server does with strict field validation, in two passes
//! over the YAML tree that share one notion of which values decode ([`scalar`]):
//!
//! - [`decode`] walks the tree against the schema and reports every decode problem (wrong JSON
//!   type, unknown field) with its field path, span and the Go decoder's message;
//! - [`typed_view`] deserializes the tree straight into k8s-openapi's types, leaving out values that
//!   would fail to decode (they take Go's zero value where the field is required), so the semantic
//!   rules can still report everything else in the same run.
//!
//! The typed view is read off the tree directly rather than through a `serde_json::Value`: for
//! clean input that intermediate tree was a third of the cost of checking a Service.

use serde::de::{
    self, DeserializeOwned, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde_json::{Number, Value};

use super::path::{FieldPath, Step, Trail};
use super::schema::{Kind, Schema, ShapeId};
use super::source::Span;
use super::yaml::{Entry, Node, NodeKind, Resolved};

#[derive(Clone, Debug, PartialEq)]
pub enum IssueKind {
    WrongType {
        /// `json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32`
        message: String,
        /// What the decoder found: `object`, `array`, `string`, `number 80.5`.
        found: String,
        /// The Go type it wanted: `string`, `map[string]string`, `[]v1.ServicePort`.
        expected: String,
        /// What kind of JSON value that type is written as.
        takes: Takes,
    },
    UnknownField {
        suggestion: Option<String>,
    },
    DuplicateKey {
        first: Span,
    },
}

/// The JSON a field takes, for advice on what to write instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Takes {
    String,
    Number,
    Boolean,
    List,
    /// A `map[string]T` (labels, selector).
    Map,
    /// A struct (a map of its fields).
    Object,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Issue {
    pub path: FieldPath,
    pub span: Span,
    pub kind: IssueKind,
}

#[derive(Debug, Default)]
pub struct Decoded {
    pub issues: Vec<Issue>,
}

/// Every decode problem of a Service tree.
pub fn decode(node: &Node, schema: &Schema) -> Decoded {
    let mut walker = Walker {
        schema,
        issues: Vec::new(),
        go_path: Vec::new(),
        go_struct: "Service",
    };
    walker.walk(node, schema.root, &Trail::ROOT);
    Decoded {
        issues: walker.issues,
    }
}

/// The typed view of a tree: what the API server would hold after decoding it, with undecodable
/// values at their zero value. `None` only when even that cannot be typed.
pub fn typed_view<T: DeserializeOwned>(node: &Node, schema: &Schema) -> Option<T> {
    let value = source(node, &schema.shape(schema.root).kind)?;
    T::deserialize(Typed {
        schema,
        source: value,
        shape: schema.root,
    })
    .ok()
}

/// A scalar as the JSON value kubectl would send for a field of this kind.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Json<'a> {
    Str(&'a str),
    Bool(bool),
    Int(i64),
    Float(f64),
}

/// Why a scalar does not decode into its field: what Go's decoder found and what it expected.
/// `None` for a value kubectl itself would drop (a float JSON cannot spell, like `.inf`).
type Mismatch = Option<(String, &'static str)>;

/// A non-null scalar against a scalar kind: the JSON it decodes as, or why it does not.
fn scalar<'a>(resolved: Option<Resolved<'a>>, kind: &Kind) -> Result<Json<'a>, Mismatch> {
    let found = || match resolved {
        Some(r) => r.json_type().to_string(),
        None => "value".to_string(),
    };
    match kind {
        Kind::String => match resolved {
            Some(Resolved::Str(s)) => Ok(Json::Str(s)),
            _ => Err(Some((found(), "string"))),
        },
        Kind::Boolean => match resolved {
            Some(Resolved::Bool(b)) => Ok(Json::Bool(b)),
            _ => Err(Some((found(), "bool"))),
        },
        Kind::Number => match resolved {
            Some(Resolved::Int(i)) => Ok(Json::Int(i)),
            Some(Resolved::Float(f)) if f.is_finite() => Ok(Json::Float(f)),
            Some(Resolved::Float(_)) => Err(None),
            _ => Err(Some((found(), "float64"))),
        },
        Kind::Integer(format) => match resolved.and_then(integral) {
            Some(i) if *format == "int64" || i32::try_from(i).is_ok() => Ok(Json::Int(i)),
            Some(i) => Err(Some((format!("number {i}"), format))),
            None => match resolved {
                Some(Resolved::Float(f)) => Err(Some((format!("number {f}"), format))),
                _ => Err(Some((found(), format))),
            },
        },
        // IntOrString's UnmarshalJSON hands anything but a string to its int32 half, and the
        // decoder reports that half's type.
        Kind::IntOrString => match resolved {
            Some(Resolved::Str(s)) => Ok(Json::Str(s)),
            _ => scalar(resolved, &Kind::Integer("int32")),
        },
        // Containers are not scalars; `Any` takes every value.
        Kind::Object { .. } | Kind::Array(_) | Kind::Any => Err(Some((found(), "value"))),
    }
}

/// The JSON a scalar kind takes; IntOrString is named by its int32 half, as Go reports it.
fn takes(kind: &Kind) -> Takes {
    match kind {
        Kind::Integer(_) | Kind::Number | Kind::IntOrString => Takes::Number,
        Kind::Boolean => Takes::Boolean,
        _ => Takes::String,
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
    fn wrong_type(
        &mut self,
        node: &Node,
        trail: &Trail<'_, 'n>,
        found: &str,
        expected: &str,
        takes: Takes,
    ) {
        // A string field of a named Go type is printed by that name (`v1.ServiceType`).
        let named = self
            .go_path
            .last()
            .and_then(|field| named_string_type(self.go_struct, field));
        let expected = match (named, expected) {
            (Some(named), "string") => named.to_string(),
            (Some(named), "[]string") => format!("[]{named}"),
            _ => expected.to_string(),
        };
        let message = format!(
            "json: cannot unmarshal {found} into Go struct field {}.{} of type {expected}",
            self.go_struct,
            self.go_path.join(".")
        );
        self.issues.push(Issue {
            path: trail.path(),
            span: node.span,
            kind: IssueKind::WrongType {
                message,
                found: found.to_string(),
                expected,
                takes,
            },
        });
    }

    fn walk(&mut self, node: &'n Node, shape_id: ShapeId, trail: &Trail<'_, 'n>) {
        let schema = self.schema;
        let shape = schema.shape(shape_id);
        let resolved = node.resolved();
        if resolved == Some(Resolved::Null) {
            return;
        }
        let found = match (&node.kind, resolved) {
            (NodeKind::Map(_), _) => "object",
            (NodeKind::Seq(_), _) => "array",
            (_, Some(r)) => r.json_type(),
            _ => "value",
        };
        match &shape.kind {
            Kind::Any => {}
            Kind::Object {
                properties,
                additional,
                ..
            } => {
                let Some(entries) = node.as_map() else {
                    let takes = if properties.is_empty() {
                        Takes::Map
                    } else {
                        Takes::Object
                    };
                    self.wrong_type(node, trail, found, &schema.go_type(shape_id), takes);
                    return;
                };
                let additional = *additional;
                // Go names the struct that holds a field; a map (labels) is not a struct.
                let saved_struct = if properties.is_empty() {
                    self.go_struct
                } else {
                    std::mem::replace(&mut self.go_struct, &shape.type_name)
                };
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
                    self.walk(&entry.value, child_shape, &trail.then(step));
                    if pushed {
                        self.go_path.pop();
                    }
                }
                self.go_struct = saved_struct;
            }
            Kind::Array(item) => {
                let Some(items) = node.as_seq() else {
                    self.wrong_type(node, trail, found, &schema.go_type(shape_id), Takes::List);
                    return;
                };
                for (i, n) in items.iter().enumerate() {
                    self.walk(n, *item, &trail.then(Step::Index(i)));
                }
            }
            // A map or list where one value belongs: Go names the container it found
            // (`object`, `array`), which `scalar` cannot see.
            kind if resolved.is_none() => {
                let expected = match scalar(None, kind) {
                    Err(Some((_, expected))) => expected,
                    _ => "value",
                };
                self.wrong_type(node, trail, found, expected, takes(kind));
            }
            kind => {
                if let Err(Some((found, expected))) = scalar(resolved, kind) {
                    self.wrong_type(node, trail, &found, expected, takes(kind));
                }
            }
        }
    }
}

/// The Go type of a string field (or of a list's items) whose type has a name of its own, as
/// the decoder prints it; the schema only says `string`.
fn named_string_type(go_struct: &str, field: &str) -> Option<&'static str> {
    Some(match (go_struct, field) {
        ("ServiceSpec", "type") => "v1.ServiceType",
        ("ServiceSpec", "sessionAffinity") => "v1.ServiceAffinity",
        ("ServiceSpec", "externalTrafficPolicy") => "v1.ServiceExternalTrafficPolicy",
        ("ServiceSpec", "internalTrafficPolicy") => "v1.ServiceInternalTrafficPolicy",
        ("ServiceSpec", "ipFamilies") => "v1.IPFamily",
        ("ServiceSpec", "ipFamilyPolicy") => "v1.IPFamilyPolicy",
        ("ServicePort" | "PortStatus", "protocol") => "v1.Protocol",
        ("LoadBalancerIngress", "ipMode") => "v1.LoadBalancerIPMode",
        ("ObjectMeta", "uid") => "types.UID",
        ("Condition", "status") => "v1.ConditionStatus",
        _ => return None,
    })
}

/// Where a typed value comes from: a node of the tree already resolved against its shape, or Go's
/// zero value of the shape (a required field that is absent, null or undecodable; a null or
/// undecodable list item; a null in a `map[string]T`).
#[derive(Clone, Copy)]
enum Source<'n> {
    Null,
    Json(Json<'n>),
    Map(&'n [Entry]),
    Seq(&'n [Node]),
    /// Free-form JSON (`fieldsV1`).
    Any(&'n Node),
    Zero,
}

/// What a node decodes to in a field of this kind, or `None` if the decoder leaves it out. Each
/// scalar is resolved once here, not again by every step of deserialization.
fn source<'n>(node: &'n Node, kind: &Kind) -> Option<Source<'n>> {
    match (&node.kind, kind) {
        (_, Kind::Any) if !node.is_null() => Some(Source::Any(node)),
        (NodeKind::Map(entries), Kind::Object { .. }) => Some(Source::Map(entries)),
        (NodeKind::Seq(items), Kind::Array(_)) => Some(Source::Seq(items)),
        (NodeKind::Scalar(s), kind) => match s.resolve() {
            Resolved::Null => Some(Source::Null),
            resolved => scalar(Some(resolved), kind).ok().map(Source::Json),
        },
        _ => None,
    }
}

/// A deserializer over one resolved value and its schema shape.
#[derive(Clone, Copy)]
struct Typed<'s, 'n> {
    schema: &'s Schema,
    source: Source<'n>,
    shape: ShapeId,
}

impl<'s, 'n> Typed<'s, 'n> {
    fn at(&self, source: Source<'n>, shape: ShapeId) -> Typed<'s, 'n> {
        Typed {
            schema: self.schema,
            source,
            shape,
        }
    }
}

fn visit_json<'de, V: Visitor<'de>>(
    json: Json<'_>,
    visitor: V,
) -> Result<V::Value, serde_json::Error> {
    match json {
        Json::Str(s) => visitor.visit_str(s),
        Json::Bool(b) => visitor.visit_bool(b),
        // As serde_json hands out integers: unsigned when they can be.
        Json::Int(i) => match u64::try_from(i) {
            Ok(u) => visitor.visit_u64(u),
            Err(_) => visitor.visit_i64(i),
        },
        Json::Float(f) => visitor.visit_f64(f),
    }
}

impl<'de> Deserializer<'de> for Typed<'_, '_> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        let kind = &self.schema.shape(self.shape).kind;
        match (self.source, kind) {
            (Source::Null, _) => visitor.visit_unit(),
            (Source::Json(json), _) => visit_json(json, visitor),
            (Source::Any(node), _) => to_json(node).deserialize_any(visitor),
            (Source::Map(entries), Kind::Object { required, .. }) => visitor.visit_map(Fields {
                typed: self,
                entries: entries.iter(),
                all: entries,
                value: None,
                required: required.iter(),
            }),
            (Source::Seq(items), Kind::Array(item)) => visitor.visit_seq(Items {
                typed: self,
                items: items.iter(),
                item: *item,
            }),
            (Source::Zero, Kind::Object { required, .. }) => visitor.visit_map(Fields {
                typed: self,
                entries: [].iter(),
                all: &[],
                value: None,
                required: required.iter(),
            }),
            (Source::Zero, Kind::Array(item)) => visitor.visit_seq(Items {
                typed: self,
                items: [].iter(),
                item: *item,
            }),
            (Source::Zero, Kind::String) => visitor.visit_str(""),
            (Source::Zero, Kind::Integer(_) | Kind::Number | Kind::IntOrString) => {
                visitor.visit_u64(0)
            }
            (Source::Zero, Kind::Boolean) => visitor.visit_bool(false),
            (Source::Zero, Kind::Any) => visitor.visit_unit(),
            // `source` only pairs a map with an object and a list with an array.
            (Source::Map(_) | Source::Seq(_), _) => {
                Err(de::Error::custom("a value that does not fit its shape"))
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.source {
            Source::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// The fields of an object, as the decoder would keep them: unknown fields and undecodable values
/// left out, a null in a `map[string]T` as T's zero value, and then the zero value of every
/// required field that did not get a value. Repeated keys are all handed on; k8s-openapi keeps the
/// last, as Go does.
struct Fields<'s, 'n> {
    typed: Typed<'s, 'n>,
    entries: std::slice::Iter<'n, Entry>,
    all: &'n [Entry],
    value: Option<Typed<'s, 'n>>,
    required: std::slice::Iter<'s, String>,
}

impl<'s, 'n> Fields<'s, 'n> {
    fn shapes(&self) -> (&'s [(String, ShapeId)], Option<ShapeId>) {
        match &self.typed.schema.shape(self.typed.shape).kind {
            Kind::Object {
                properties,
                additional,
                ..
            } => (properties, *additional),
            _ => (&[], None),
        }
    }

    /// Whether the last decodable entry for a required field holds a non-null value.
    fn has_value(&self, name: &str, shape: ShapeId) -> bool {
        let kind = &self.typed.schema.shape(shape).kind;
        self.all
            .iter()
            .rev()
            .filter(|e| e.key.scalar_text() == Some(name))
            .find_map(|e| source(&e.value, kind))
            .is_some_and(|s| !matches!(s, Source::Null))
    }
}

impl<'de> MapAccess<'de> for Fields<'_, '_> {
    type Error = serde_json::Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        let (properties, additional) = self.shapes();
        let schema = self.typed.schema;
        let root = self.typed.shape == schema.root;
        for entry in self.entries.by_ref() {
            let Some(key) = entry.key.scalar_text() else {
                continue;
            };
            // The driver has settled what the document is. k8s-openapi would refuse the head of a
            // near-Service (`kind: service`), and a core Service's head adds nothing to the type.
            if root && (key == "apiVersion" || key == "kind") {
                continue;
            }
            let property = properties.iter().find(|(n, _)| n == key).map(|(_, id)| *id);
            let Some(shape) = property.or(additional) else {
                continue;
            };
            let value = match source(&entry.value, &schema.shape(shape).kind) {
                Some(Source::Null) if property.is_none() => Source::Zero,
                Some(value) => value,
                None => continue,
            };
            self.value = Some(self.typed.at(value, shape));
            return seed.deserialize(key.into_deserializer()).map(Some);
        }
        while let Some(name) = self.required.next() {
            let Some(shape) = properties
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, id)| *id)
            else {
                continue;
            };
            if self.has_value(name, shape) {
                continue;
            }
            self.value = Some(self.typed.at(Source::Zero, shape));
            return seed
                .deserialize(name.as_str().into_deserializer())
                .map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(value),
            None => Err(de::Error::custom("a value without its key")),
        }
    }
}

/// The items of a list; a null or undecodable item becomes the item's zero value, as in Go.
struct Items<'s, 'n> {
    typed: Typed<'s, 'n>,
    items: std::slice::Iter<'n, Node>,
    item: ShapeId,
}

impl<'de> SeqAccess<'de> for Items<'_, '_> {
    type Error = serde_json::Error;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        let Some(node) = self.items.next() else {
            return Ok(None);
        };
        let kind = &self.typed.schema.shape(self.item).kind;
        let value = match source(node, kind) {
            Some(Source::Null) | None => Source::Zero,
            Some(value) => value,
        };
        seed.deserialize(self.typed.at(value, self.item)).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
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

/// Candidates [`suggest`] scores, at most.
const SUGGEST_FROM: usize = 64;

/// The closest known name, if it is close enough to be the intended one.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let lower = word.to_ascii_lowercase();
    candidates
        .into_iter()
        // A suggestion from thousands of names helps nobody, and scoring them all for each of
        // thousands of misspelt names would be quadratic.
        .take(SUGGEST_FROM)
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
    use k8s_openapi::api::core::v1::Service;

    fn first_root(text: &str) -> Node {
        let s = parse_stream(text, Limits::default());
        s.documents.into_iter().next().and_then(|d| d.root).unwrap()
    }

    fn decode_text(text: &str) -> Decoded {
        decode(&first_root(text), schema::service())
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
            IssueKind::WrongType { message, .. } => assert_eq!(
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
    }

    fn messages(text: &str) -> Vec<String> {
        decode_text(text)
            .issues
            .into_iter()
            .filter_map(|i| match i.kind {
                IssueKind::WrongType { message, .. } => Some(message),
                _ => None,
            })
            .collect()
    }

    /// Go's decoder names the JSON it found (`object`, `array`) and the Go type it wanted
    /// (`map[string]string`, `[]v1.ServicePort`, `v1.ServiceSpec`), never the field's name.
    #[test]
    fn containers_in_the_wrong_place_are_named_as_go_names_them() {
        let head = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n";
        let cases = [
            (
                "spec:\n  selector: {matchLabels: {app: web}}\n",
                "json: cannot unmarshal object into Go struct field ServiceSpec.spec.selector of type string",
            ),
            (
                "spec:\n  type: ExternalName\n  externalName: {host: db}\n",
                "json: cannot unmarshal object into Go struct field ServiceSpec.spec.externalName of type string",
            ),
            (
                "spec:\n  selector: [app=web]\n",
                "json: cannot unmarshal array into Go struct field ServiceSpec.spec.selector of type map[string]string",
            ),
            (
                "spec:\n  ports: 80\n",
                "json: cannot unmarshal number into Go struct field ServiceSpec.spec.ports of type []v1.ServicePort",
            ),
            (
                "spec: []\n",
                "json: cannot unmarshal array into Go struct field Service.spec of type v1.ServiceSpec",
            ),
            (
                "spec:\n  ports:\n  - port: [80]\n",
                "json: cannot unmarshal array into Go struct field ServicePort.spec.ports.port of type int32",
            ),
            (
                "spec:\n  ports: [80]\n",
                "json: cannot unmarshal number into Go struct field ServiceSpec.spec.ports of type v1.ServicePort",
            ),
            (
                "spec:\n  type: {name: NodePort}\n",
                "json: cannot unmarshal object into Go struct field ServiceSpec.spec.type of type v1.ServiceType",
            ),
            (
                "spec:\n  ipFamilies: IPv4\n",
                "json: cannot unmarshal string into Go struct field ServiceSpec.spec.ipFamilies of type []v1.IPFamily",
            ),
            (
                "spec:\n  ipFamilies: [4]\n",
                "json: cannot unmarshal number into Go struct field ServiceSpec.spec.ipFamilies of type v1.IPFamily",
            ),
            (
                "spec:\n  ports:\n  - port: 80\n    protocol: [TCP]\n",
                "json: cannot unmarshal array into Go struct field ServicePort.spec.ports.protocol of type v1.Protocol",
            ),
            (
                "spec:\n  ports:\n  - port: 80\n    targetPort: true\n",
                "json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32",
            ),
            (
                "spec:\n  ports:\n  - port: 80\n    targetPort: {name: http}\n",
                "json: cannot unmarshal object into Go struct field ServicePort.spec.ports.targetPort of type int32",
            ),
            (
                "spec:\n  ports:\n  - port: 80\n    targetPort: 80.5\n",
                "json: cannot unmarshal number 80.5 into Go struct field ServicePort.spec.ports.targetPort of type int32",
            ),
        ];
        for (spec, message) in cases {
            assert_eq!(messages(&format!("{head}{spec}")), [message], "{spec}");
        }
    }

    fn typed_text(text: &str) -> Option<Service> {
        typed_view(&first_root(text), schema::service())
    }

    #[test]
    fn undecodable_values_take_go_zero_values() {
        let service = typed_text(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels: {tier: , version: 1.0, app: web}\nspec:\n  prots: []\n  ports:\n  - port: \"80\"\n    targetport: 8080\n    name: http\n  - null\n  - port: 81\n    port: x\n  externalIPs: 10.0.0.1\n  clusterIP: null\n",
        )
        .unwrap();
        let labels = service.metadata.labels.unwrap();
        // A null map value is the zero value; an undecodable one is left out.
        assert_eq!(labels.get("tier").map(String::as_str), Some(""));
        assert_eq!(labels.get("version"), None);
        assert_eq!(labels.get("app").map(String::as_str), Some("web"));
        let spec = service.spec.unwrap();
        let ports = spec.ports.unwrap();
        // A required field that failed to decode takes its zero value, as in Go; a null item is
        // a zero ServicePort; of two `port` keys the last decodable one wins.
        assert_eq!(ports.len(), 3);
        assert_eq!((ports[0].port, ports[0].name.as_deref()), (0, Some("http")));
        assert_eq!((ports[1].port, ports[1].name.as_deref()), (0, None));
        assert_eq!(ports[2].port, 81);
        assert_eq!(spec.external_ips, None);
        assert_eq!(spec.cluster_ip, None);
    }

    /// [`to_json`], but with keys as written, as the decoder reads them (kubectl's own turning of
    /// `on:` into "true" is `ambiguous-scalar`'s business), and whole floats as integers.
    fn plain_json(node: &Node) -> Value {
        match &node.kind {
            NodeKind::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|e| {
                        let key = e.key.scalar_text().unwrap_or_default().to_string();
                        (key, plain_json(&e.value))
                    })
                    .collect(),
            ),
            NodeKind::Seq(items) => Value::Array(items.iter().map(plain_json).collect()),
            // A whole float (`7.0`) reaches JSON as `7`, as go-yaml marshals it.
            NodeKind::Scalar(s) => match s.resolve() {
                Resolved::Float(f) => {
                    integral(Resolved::Float(f)).map_or(to_json(node), Value::from)
                }
                _ => to_json(node),
            },
        }
    }

    /// For input that decodes cleanly, the typed view read off the tree is exactly what serde
    /// makes of the plain JSON: every fixture Service is held to that.
    #[test]
    fn typed_view_equals_serde_on_plain_json_for_every_fixture() {
        let mut checked = 0;
        let fixtures = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"));
        crate::model::testing::each_service(&fixtures, |path, root| {
            if !decode(root, schema::service()).issues.is_empty() {
                return;
            }
            // The head is the driver's business (a near-Service is typed too), so serde is
            // given the body alone.
            let mut json = plain_json(root);
            if let Value::Object(fields) = &mut json {
                fields.remove("apiVersion");
                fields.remove("kind");
            }
            let plain = serde_json::from_value::<Service>(json).ok();
            assert_eq!(
                typed_view::<Service>(root, schema::service()),
                plain,
                "{}",
                path.display()
            );
            checked += 1;
        });
        assert!(checked > 100, "only {checked} Services checked");
    }
}
