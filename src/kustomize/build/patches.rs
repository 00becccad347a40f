//! Patches: strategic-merge and JSON 6902 patches from files or inline text, with their targets.

use super::super::tree::KNode;
use super::super::{Object, json6902, select, smp};
use super::{Builder, Kustomization};

impl Builder {
    /// The patches one entry names: a file (several documents) or inline text.
    pub(super) fn load_patch(
        &mut self,
        k: &Kustomization,
        entry: &KNode,
        plain: bool,
    ) -> Option<Vec<KNode>> {
        // patchesStrategicMerge entries are strings: a path, or a patch written inline.
        let (path_node, inline_node) = if plain {
            let text = entry.as_str()?;
            if text.contains('\n') || text.trim_start().starts_with('{') {
                (None, Some(entry))
            } else {
                (Some(entry), None)
            }
        } else {
            (entry.get("path"), entry.get("patch"))
        };
        if let Some(p) = path_node.filter(|n| !n.is_null()) {
            let name = p.as_str()?;
            let path = k.dir.join(name);
            if !path.exists() {
                self.error(
                    p.origin,
                    format!("patch file {name} does not exist ({})", path.display()),
                );
                return None;
            }
            let path = self.restricted(k, name, p.origin)?;
            let (_, docs) = self.read(&path, p.origin)?;
            return Some(docs);
        }
        if let Some(p) = inline_node.filter(|n| !n.is_null()) {
            return self.read_inline(p);
        }
        self.error(entry.origin, "a patch needs `path:` or `patch:`".to_owned());
        None
    }

    /// The objects a patch's `target:` selects. Kustomize applies a patch whose explicit target
    /// matches nothing to nothing and says nothing; svcctl says so at the target.
    fn patch_targets(&mut self, objects: &[Object], target: &KNode) -> Vec<usize> {
        let matched = select::matching(objects, target);
        if matched.is_empty() {
            let origin = self.key_origin(target, "target");
            self.warn(
                origin,
                "this patch's target matches no object: Kustomize builds on without applying it"
                    .to_owned(),
            );
        }
        matched
    }

    pub(super) fn apply_patch_entry(
        &mut self,
        k: &Kustomization,
        entry: &KNode,
        objects: &mut Vec<Object>,
    ) {
        let Some(docs) = self.load_patch(k, entry, false) else {
            return;
        };
        let target = entry.get("target");
        let is_json6902 = docs.len() == 1 && docs.first().is_some_and(|d| d.as_seq().is_some());
        if is_json6902 {
            let Some(target) = target else {
                self.error(
                    entry.origin,
                    "a JSON 6902 patch needs a `target:`; Kustomize refuses it".to_owned(),
                );
                return;
            };
            let Some(ops) = docs.first() else { return };
            for i in self.patch_targets(objects, target) {
                if let Some(o) = objects.get_mut(i)
                    && let Err(e) = json6902::apply(&mut o.root, ops)
                {
                    self.error(
                        e.origin,
                        format!(
                            "JSON 6902 patch on {} {}: {}",
                            o.kind(),
                            o.name(),
                            e.message
                        ),
                    );
                }
            }
            return;
        }
        match target {
            None => {
                for p in &docs {
                    self.apply_smp_untargeted(objects, p);
                }
            }
            Some(target) => {
                let matched = self.patch_targets(objects, target);
                if docs.iter().any(smp::deletes_object) {
                    let mut i = 0;
                    objects.retain(|_| {
                        i += 1;
                        !matched.contains(&(i - 1))
                    });
                    return;
                }
                for i in matched {
                    for p in &docs {
                        if let Some(o) = objects.get_mut(i) {
                            let mut p = p.clone();
                            // Kustomize aims a targeted patch at each match by giving it the
                            // match's name, namespace and kind.
                            for field in ["apiVersion", "kind"] {
                                if let Some(v) = o.root.get(field).cloned() {
                                    p.set(field, v);
                                }
                            }
                            if let Some(meta) = p.get_mut("metadata") {
                                meta.remove("name");
                                meta.remove("namespace");
                            }
                            let notes = smp::merge_object(&mut o.root, &p);
                            for n in notes {
                                self.warn(n.origin, n.message);
                            }
                        }
                    }
                }
            }
        }
    }

    pub(super) fn apply_smp_untargeted(&mut self, objects: &mut Vec<Object>, patch: &KNode) {
        let kind = patch.str_at(&["kind"]).unwrap_or("");
        let api = patch.str_at(&["apiVersion"]).unwrap_or("");
        let name = patch.str_at(&["metadata", "name"]).unwrap_or("");
        let ns = patch.str_at(&["metadata", "namespace"]).unwrap_or("");
        let eq_ns = |a: &str, b: &str| {
            let d = |s: &str| if s.is_empty() { "default" } else { s }.to_owned();
            d(a) == d(b)
        };
        let found: Vec<usize> = objects
            .iter()
            .enumerate()
            .filter(|(_, o)| {
                o.kind() == kind
                    && o.api_version() == api
                    && o.all_ids().any(|(n, s)| n == name && eq_ns(s, ns))
            })
            .map(|(i, _)| i)
            .collect();
        let origin = patch
            .get("metadata")
            .and_then(|m| m.get("name"))
            .map_or(patch.origin, |n| n.origin);
        match found.as_slice() {
            [] => self.error(
                origin,
                format!(
                    "no object matches this patch ({api} {kind} {name}{}): Kustomize refuses a \
                     patch without `target:` that matches nothing",
                    if ns.is_empty() {
                        String::new()
                    } else {
                        format!(" in {ns}")
                    }
                ),
            ),
            [one] if smp::deletes_object(patch) => {
                objects.remove(*one);
            }
            [one] => {
                if let Some(o) = objects.get_mut(*one) {
                    let mut p = patch.clone();
                    if let Some(meta) = p.get_mut("metadata") {
                        meta.remove("name");
                        meta.remove("namespace");
                    }
                    for n in smp::merge_object(&mut o.root, &p) {
                        self.warn(n.origin, n.message);
                    }
                }
            }
            _ => self.error(
                origin,
                format!(
                    "this patch matches {} objects named {name}; Kustomize needs one",
                    found.len()
                ),
            ),
        }
    }
}
