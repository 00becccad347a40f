//! The JSON type kubectl's decoder wants for each kustomization field.

use super::super::tree::{KNode, Origin, Value};

/// The Go type of each kustomization field whose JSON shape kubectl checks before building, as
/// its decoder names it.
const FIELD_TYPES: &[(&str, &str)] = &[
    ("resources", "[]string"),
    ("bases", "[]string"),
    ("components", "[]string"),
    ("crds", "[]string"),
    ("configurations", "[]string"),
    ("generators", "[]string"),
    ("transformers", "[]string"),
    ("validators", "[]string"),
    ("patchesStrategicMerge", "[]types.PatchStrategicMerge"),
    ("patches", "[]types.Patch"),
    ("patchesJson6902", "[]types.Patch"),
    ("images", "[]types.Image"),
    ("replicas", "[]types.Replica"),
    ("replacements", "[]types.ReplacementField"),
    ("labels", "[]types.Label"),
    ("configMapGenerator", "[]types.ConfigMapArgs"),
    ("secretGenerator", "[]types.SecretArgs"),
    ("helmCharts", "[]types.HelmChart"),
    ("buildMetadata", "[]string"),
    ("namespace", "string"),
    ("namePrefix", "string"),
    ("nameSuffix", "string"),
    ("commonLabels", "map[string]string"),
    ("commonAnnotations", "map[string]string"),
];

/// The first top-level field whose value is not of the JSON type kubectl decodes it as, with
/// kubectl's message (`resources: 5` fails the whole build there; ignoring it would build
/// something kubectl refuses). A `null` is an absent field to Go's decoder.
pub(super) fn wrong_field_type(node: &KNode) -> Option<(Origin, String)> {
    for (key, value) in node.as_map()? {
        let Some((_, go_type)) = FIELD_TYPES.iter().find(|(field, _)| field == key) else {
            continue;
        };
        let found = match &value.value {
            Value::Null => continue,
            Value::Bool(_) => "bool",
            Value::Int(_) | Value::Float(_) => "number",
            Value::Str(_) => "string",
            Value::Seq(_) => "array",
            Value::Map(_) => "object",
        };
        let fits = match found {
            "array" => go_type.starts_with("[]"),
            "object" => go_type.starts_with("map["),
            "string" => *go_type == "string",
            _ => false,
        };
        if !fits {
            return Some((
                value.origin,
                format!(
                    "invalid Kustomization: json: cannot unmarshal {found} into Go struct field \
                     Kustomization.{key} of type {go_type}"
                ),
            ));
        }
    }
    None
}
