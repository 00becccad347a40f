//! The Service schema, taken from k8s-openapi's generated OpenAPI definitions (its `schemars`
//! feature) and compiled once into a small tree of shapes. Decoding checks walk it to find what
//! strict field validation rejects (unknown fields, wrong JSON types), and `svcctl explain` reads
//! its descriptions, so both always agree with the Kubernetes version svcctl is built against.

use std::collections::HashMap;
use std::sync::LazyLock;

use k8s_openapi::api::core::v1::Service;
use serde_json::Value;

pub type ShapeId = usize;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    Object {
        properties: Vec<(String, ShapeId)>,
        /// The value shape of a `map[string]T` (labels, selector).
        additional: Option<ShapeId>,
        required: Vec<String>,
    },
    Array(ShapeId),
    String,
    /// `format` is `int32` or `int64`.
    Integer(&'static str),
    Number,
    Boolean,
    IntOrString,
    /// Free-form JSON (`fieldsV1`), accepted as is.
    Any,
}

#[derive(Clone, Debug)]
pub struct Shape {
    /// The Go-ish type name the API server's decoder prints (`ServicePort`, `int32`).
    pub type_name: String,
    pub description: String,
    pub kind: Kind,
}

#[derive(Debug)]
pub struct Schema {
    shapes: Vec<Shape>,
    pub root: ShapeId,
}

impl Schema {
    pub fn shape(&self, id: ShapeId) -> &Shape {
        // Ids only come from this arena, so the index is always in range; fall back to the root
        // rather than panic should that ever change.
        self.shapes.get(id).unwrap_or(&self.shapes[self.root])
    }

    pub fn property(&self, id: ShapeId, name: &str) -> Option<ShapeId> {
        match &self.shape(id).kind {
            Kind::Object {
                properties,
                additional,
                ..
            } => properties
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, s)| *s)
                .or(*additional),
            _ => None,
        }
    }

    /// The shape at a dotted path with indices dropped (`spec.ports.nodePort`).
    pub fn at_path<'a>(&self, segments: impl IntoIterator<Item = &'a str>) -> Option<ShapeId> {
        let mut id = self.root;
        for seg in segments {
            if let Kind::Array(item) = self.shape(id).kind {
                id = item;
            }
            id = self.property(id, seg)?;
        }
        Some(id)
    }

    /// The type as Go's `reflect.Type.String()` spells it in a decode error: `v1.ServiceSpec`,
    /// `[]v1.ServicePort`, `map[string]string`, `int32`. The API server's decoder prints this,
    /// not the field's name, after "of type".
    pub fn go_type(&self, id: ShapeId) -> String {
        let shape = self.shape(id);
        match &shape.kind {
            // Every struct a Service holds lives in a Go package named `v1` (core/v1 and
            // meta/v1).
            Kind::Object { properties, .. } if !properties.is_empty() => {
                format!("v1.{}", shape.type_name)
            }
            Kind::Object {
                additional: Some(value),
                ..
            } => format!("map[string]{}", self.go_type(*value)),
            Kind::Array(item) => format!("[]{}", self.go_type(*item)),
            _ => shape.type_name.clone(),
        }
    }

    /// Property names of an object shape (for "did you mean" suggestions).
    pub fn property_names(&self, id: ShapeId) -> Vec<&str> {
        let mut id = id;
        if let Kind::Array(item) = self.shape(id).kind {
            id = item;
        }
        match &self.shape(id).kind {
            Kind::Object { properties, .. } => properties.iter().map(|(n, _)| n.as_str()).collect(),
            _ => Vec::new(),
        }
    }
}

/// The compiled schema of `core/v1` Service.
pub fn service() -> &'static Schema {
    static SCHEMA: LazyLock<Schema> = LazyLock::new(|| {
        let root = schemars::generate::SchemaSettings::draft2020_12()
            .into_generator()
            .into_root_schema_for::<Service>();
        compile(&root.to_value())
    });
    &SCHEMA
}

fn compile(root: &Value) -> Schema {
    let defs = root
        .get("$defs")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut compiler = Compiler {
        defs,
        shapes: Vec::new(),
        by_ref: HashMap::new(),
    };
    let root_id = compiler.shape(root, "Service");
    Schema {
        shapes: compiler.shapes,
        root: root_id,
    }
}

struct Compiler {
    defs: serde_json::Map<String, Value>,
    shapes: Vec<Shape>,
    by_ref: HashMap<String, ShapeId>,
}

impl Compiler {
    fn shape(&mut self, schema: &Value, name_hint: &str) -> ShapeId {
        let description = schema
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let def_name = reference
                .rsplit('/')
                .next()
                .unwrap_or(reference)
                .to_string();
            let id = match self.by_ref.get(&def_name) {
                Some(id) => *id,
                None => {
                    let target = self.defs.get(&def_name).cloned().unwrap_or(Value::Null);
                    let short = def_name.rsplit('.').next().unwrap_or(&def_name).to_string();
                    // Reserve the slot first so recursive definitions terminate.
                    let id = self.push(Shape {
                        type_name: short.clone(),
                        description: String::new(),
                        kind: Kind::Any,
                    });
                    self.by_ref.insert(def_name, id);
                    let inner = self.shape(&target, &short);
                    let resolved = self.shapes[inner].clone();
                    self.shapes[id] = resolved;
                    id
                }
            };
            if description.is_empty() {
                return id;
            }
            // A property's own description overrides its type's.
            let mut copy = self.shapes[id].clone();
            copy.description = description;
            return self.push(copy);
        }
        let kind = if schema
            .get("x-kubernetes-int-or-string")
            .and_then(Value::as_bool)
            == Some(true)
        {
            Kind::IntOrString
        } else {
            match schema.get("type").and_then(Value::as_str) {
                Some("object") => {
                    let mut properties = Vec::new();
                    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                        for (name, sub) in props {
                            let id = self.shape(sub, name);
                            properties.push((name.clone(), id));
                        }
                    }
                    let additional = schema
                        .get("additionalProperties")
                        .filter(|v| v.is_object())
                        .map(|sub| self.shape(sub, name_hint));
                    let required = schema
                        .get("required")
                        .and_then(Value::as_array)
                        .map(|r| {
                            r.iter()
                                .filter_map(Value::as_str)
                                .map(str::to_string)
                                .collect()
                        })
                        .unwrap_or_default();
                    if properties.is_empty() && additional.is_none() {
                        Kind::Any
                    } else {
                        Kind::Object {
                            properties,
                            additional,
                            required,
                        }
                    }
                }
                Some("array") => {
                    let item = schema
                        .get("items")
                        .map(|i| self.shape(i, name_hint))
                        .unwrap_or_else(|| {
                            self.push(Shape {
                                type_name: "any".into(),
                                description: String::new(),
                                kind: Kind::Any,
                            })
                        });
                    Kind::Array(item)
                }
                Some("string") => Kind::String,
                Some("integer") => match schema.get("format").and_then(Value::as_str) {
                    Some("int64") => Kind::Integer("int64"),
                    _ => Kind::Integer("int32"),
                },
                Some("number") => Kind::Number,
                Some("boolean") => Kind::Boolean,
                _ => Kind::Any,
            }
        };
        let type_name = match &kind {
            Kind::Object { .. } | Kind::Any => name_hint.to_string(),
            Kind::Array(_) => "array".into(),
            Kind::String => "string".into(),
            Kind::Integer(f) => (*f).into(),
            Kind::Number => "float64".into(),
            Kind::Boolean => "bool".into(),
            Kind::IntOrString => "IntOrString".into(),
        };
        self.push(Shape {
            type_name,
            description,
            kind,
        })
    }

    fn push(&mut self, shape: Shape) -> ShapeId {
        self.shapes.push(shape);
        self.shapes.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_schema_knows_its_fields() {
        let s = service();
        let node_port = s.at_path(["spec", "ports", "nodePort"]).unwrap();
        assert_eq!(s.shape(node_port).kind, Kind::Integer("int32"));
        assert!(s.shape(node_port).description.contains("each node"));
        let target = s.at_path(["spec", "ports", "targetPort"]).unwrap();
        assert_eq!(s.shape(target).kind, Kind::IntOrString);
        assert!(s.at_path(["spec", "ipFamily"]).is_none());
        let labels = s.at_path(["metadata", "labels"]).unwrap();
        assert!(matches!(
            s.shape(labels).kind,
            Kind::Object {
                additional: Some(_),
                ..
            }
        ));
        let ports = s.at_path(["spec", "ports"]).unwrap();
        assert!(s.property_names(ports).contains(&"targetPort"));
    }
}
