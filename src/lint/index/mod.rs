//! The run index, lint's view of a whole run: the facts extracted from every file while it is
//! parsed (Services, the pod templates of workloads, Ingress backends…, see [`crate::k8s`]),
//! indexed once by namespace and label so cross-object rules stay linear in the size of the run. Trees are dropped after extraction, so
//! memory is bounded by the largest file plus these facts, which are kept small (see
//! [`crate::k8s::compact`]): a run holds one per Service and workload.

// The run index's maps are keyed by short strings the run itself supplies and looked up hundreds
// of thousands of times: foldhash, not SipHash.
use foldhash::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;

mod file;

pub use file::{FileFacts, Templated};

use crate::k8s::facts::{ServiceFacts, WorkloadFacts};

use super::{Finding, RunFinding};
use crate::k8s::backends::BackendRef;
use crate::k8s::facts::{ContainerPort, ObjectView, namespace_key};
use crate::k8s::labels::{CONTROLLER_LABELS, selects};

/// A workload a Service selects, with every nearby definition of it.
#[derive(Clone, Debug)]
pub struct Selected<'a> {
    /// The file of the first definition, which labels point at.
    pub file: usize,
    pub workload: &'a WorkloadFacts,
    pub definitions: Vec<&'a WorkloadFacts>,
}

impl Selected<'_> {
    pub fn declares_name(&self, name: &str, protocol: &str) -> bool {
        self.definitions
            .iter()
            .any(|w| w.port_named(name, protocol).is_some())
    }

    pub fn declares_number(&self, port: i64) -> bool {
        self.definitions.iter().any(|w| w.declares_number(port))
    }

    pub fn declares_ports(&self) -> bool {
        self.definitions.iter().any(|w| !w.ports.is_empty())
    }

    pub fn ports(&self) -> impl Iterator<Item = &ContainerPort> {
        self.definitions.iter().flat_map(|w| w.ports.iter())
    }
}

type Located<'a, T> = Vec<(usize, &'a T)>;

/// The selection of every Service, by the address of its facts (see [`RunIndex::selected`]).
type Selections<'a> = HashMap<usize, Option<Vec<Selected<'a>>>>;

/// How many Services of a namespace [`RunIndex::similar_service`] looks at.
const SIMILAR_SERVICES: usize = 1024;

/// The whole run, indexed for cross-object rules.
pub struct RunIndex<'a> {
    pub files: &'a [FileFacts],
    /// Workloads by namespace (see [`namespace_key`]).
    pub workloads_by_namespace: HashMap<Option<&'a str>, Located<'a, WorkloadFacts>>,
    /// Workloads by namespace and one `key=value` pod label, for linear selector matching.
    pub workloads_by_label:
        HashMap<(Option<&'a str>, &'a str, &'a str), Located<'a, WorkloadFacts>>,
    /// Services by namespace and name.
    services_by_key: ServicesByKey<'a>,
    /// The first Services of each namespace, in run order (as many as
    /// [`RunIndex::similar_service`] looks at).
    pub services_by_namespace: HashMap<Option<&'a str>, Located<'a, ServiceFacts>>,
    /// Workloads by the folder of their file (those from standard input are in none).
    workloads_by_folder: HashMap<PathBuf, Located<'a, WorkloadFacts>>,
    /// The folder of each file, one spelling for each (see [`folder_key`]); none for standard
    /// input.
    folders: Vec<Option<PathBuf>>,
    /// The file read from standard input, if any (see [`is_stdin`]).
    stdin: Option<usize>,
    /// Services whose Endpoints or EndpointSlices the run contains.
    pub endpoints: HashSet<(Option<&'a str>, &'a str)>,
    /// The files defining each object (kind, namespace, name), in order and without repeats.
    /// Only kept when the run has several files: a file is never an alternative to itself.
    /// Worked out when first asked for: only node-port-conflict asks, and only about files
    /// whose Services ask for one nodePort, which few runs have.
    defined_in: OnceLock<HashMap<Identity<'a>, DefinedIn>>,
    /// Every Service, workload and Ingress or Route backend of the run, in run order: what
    /// [`RunPart`]s share out.
    services: Vec<(usize, &'a ServiceFacts)>,
    workloads: Vec<(usize, &'a WorkloadFacts)>,
    backends: Vec<(usize, &'a BackendRef)>,
    /// What each Service selects: several rules ask, so it is worked out once, in parallel.
    selections: Selections<'a>,
}

/// What makes two definitions the same object.
pub type Identity<'a> = (&'a str, Option<&'a str>, &'a str);

pub fn identity(object: ObjectView<'_>) -> Option<Identity<'_>> {
    Some((object.kind, namespace_key(object.namespace), object.name?))
}

/// The key Services are looked up by: (namespace, name).
type ServiceKey<'a> = (Option<&'a str>, &'a str);

fn service_key(svc: &ServiceFacts) -> Option<ServiceKey<'_>> {
    let object = svc.object();
    Some((namespace_key(object.namespace), object.name?))
}

fn key_hash(key: ServiceKey<'_>) -> u64 {
    // Fixed, so that a run's work is the same from one run to the next.
    crate::model::source::stable_hash(key)
}

fn endpoints_of(files: &[FileFacts]) -> HashSet<(Option<&str>, &str)> {
    files
        .iter()
        .flat_map(|f| &f.endpoints)
        .map(|(ns, name)| (namespace_key(ns.as_deref()), name.as_str()))
        .collect()
}

/// The files defining one object, in order and without repeats: nearly always just one, which is
/// kept without an allocation of its own.
#[derive(Debug)]
pub struct DefinedIn {
    first: usize,
    more: Vec<usize>,
}

impl DefinedIn {
    fn add(&mut self, file: usize) {
        if self.more.last().unwrap_or(&self.first) != &file {
            self.more.push(file);
        }
    }

    pub fn contains(&self, file: usize) -> bool {
        self.first == file || self.more.contains(&file)
    }
}

fn definitions_of(files: &[FileFacts]) -> HashMap<Identity<'_>, DefinedIn> {
    if files.len() < 2 {
        return HashMap::default();
    }
    let objects: usize = files
        .iter()
        .map(|f| f.services.len() + f.workloads.len())
        .sum();
    let mut defined_in: HashMap<Identity<'_>, DefinedIn> =
        HashMap::with_capacity_and_hasher(objects, Default::default());
    for (fi, f) in files.iter().enumerate() {
        let objects = f
            .services
            .iter()
            .map(ServiceFacts::object)
            .chain(f.workloads.iter().map(WorkloadFacts::object));
        for id in objects.filter_map(identity) {
            defined_in
                .entry(id)
                .and_modify(|d| d.add(fi))
                .or_insert(DefinedIn {
                    first: fi,
                    more: Vec::new(),
                });
        }
    }
    defined_in
}

type WorkloadMaps<'a> = (
    HashMap<Option<&'a str>, Located<'a, WorkloadFacts>>,
    HashMap<(Option<&'a str>, &'a str, &'a str), Located<'a, WorkloadFacts>>,
    HashMap<PathBuf, Located<'a, WorkloadFacts>>,
);

fn workload_maps<'a>(files: &'a [FileFacts], folders: &[Option<PathBuf>]) -> WorkloadMaps<'a> {
    let mut by_namespace: HashMap<_, Located<'_, WorkloadFacts>> = HashMap::default();
    let mut by_label: HashMap<_, Located<'_, WorkloadFacts>> = HashMap::default();
    let mut by_folder: HashMap<_, Located<'_, WorkloadFacts>> = HashMap::default();
    for (fi, f) in files.iter().enumerate() {
        // Standard input belongs to every folder (see `RunIndex::workloads_near`).
        let folder = folders.get(fi).and_then(Option::as_ref);
        for w in f.workloads.iter() {
            if let Some(folder) = folder {
                by_folder.entry(folder.clone()).or_default().push((fi, w));
            }
            let ns = namespace_key(w.object().namespace);
            by_namespace.entry(ns).or_default().push((fi, w));
            for (k, v) in w.pod_labels() {
                by_label.entry((ns, k, v)).or_default().push((fi, w));
            }
        }
    }
    (by_namespace, by_label, by_folder)
}

/// Whether a file is standard input (`-`), which has no folder: it was not applied from one, so
/// it is taken to go with every input of the run, as in `cat svc.yaml | svcctl lint - deploy/`.
fn is_stdin(file: &FileFacts) -> bool {
    file.source.name == "-"
}

/// The folder of a file as one spelling, so that `x.yaml`, `./x.yaml`, `deploy/../x.yaml` and
/// `/abs/x.yaml` are in one folder however each was named on the command line: relative names are
/// joined to the working folder `cwd`, and `.` and `..` are resolved by their text (what the user
/// typed, not where links lead). Standard input has none.
fn folder_key(file: &FileFacts, cwd: Option<&Path>) -> Option<PathBuf> {
    if is_stdin(file) {
        return None;
    }
    let parent = Path::new(&file.source.name)
        .parent()
        .unwrap_or(Path::new(""));
    let joined = match cwd {
        Some(cwd) if parent.is_relative() => cwd.join(parent),
        _ => parent.to_path_buf(),
    };
    Some(crate::fsutil::normalize_lexically(&joined))
}

fn first_services_of(files: &[FileFacts]) -> HashMap<Option<&str>, Located<'_, ServiceFacts>> {
    let mut by_namespace: HashMap<_, Located<'_, ServiceFacts>> = HashMap::default();
    for (fi, f) in files.iter().enumerate() {
        for s in f.services.iter() {
            let first = by_namespace
                .entry(namespace_key(s.object().namespace))
                .or_default();
            if first.len() < SIMILAR_SERVICES {
                first.push((fi, s));
            }
        }
    }
    by_namespace
}

/// Named Services grouped by [`ServiceKey`]: sorted by the key's hash, then the key, then run
/// order, so that the Services of one key are one slice in run order. Two flat vectors instead
/// of a map of vectors: a run may hold 150,000 Services, nearly all with keys of their own.
#[derive(Default)]
struct ServicesByKey<'a> {
    hashes: Vec<u64>,
    services: Located<'a, ServiceFacts>,
}

impl<'a> ServicesByKey<'a> {
    fn build(files: &'a [FileFacts]) -> Self {
        let count = files.iter().map(|f| f.services.len()).sum();
        let mut keyed: Vec<(u64, usize, &'a ServiceFacts)> = Vec::with_capacity(count);
        for (fi, f) in files.iter().enumerate() {
            for s in f.services.iter() {
                if let Some(key) = service_key(s) {
                    keyed.push((key_hash(key), fi, s));
                }
            }
        }
        // Stable: run order within a key.
        keyed.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| service_key(a.2).cmp(&service_key(b.2)))
        });
        ServicesByKey {
            hashes: keyed.iter().map(|k| k.0).collect(),
            services: keyed.into_iter().map(|(_, fi, s)| (fi, s)).collect(),
        }
    }

    fn get(&self, key: ServiceKey<'_>) -> &[(usize, &'a ServiceFacts)] {
        let hash = key_hash(key);
        let start = self.hashes.partition_point(|h| *h < hash);
        let end = self.hashes.partition_point(|h| *h <= hash);
        let same_hash = self.services.get(start..end).unwrap_or(&[]);
        let key = Some(key);
        let first = same_hash.partition_point(|(_, s)| service_key(s) < key);
        let last = same_hash.partition_point(|(_, s)| service_key(s) <= key);
        same_hash.get(first..last).unwrap_or(&[])
    }

    fn groups(&self) -> impl Iterator<Item = &[(usize, &'a ServiceFacts)]> {
        // Keys are compared only where hashes are equal: nearly every Service has a key of its
        // own, and reading two Services' names for each neighbour costs two cache misses each.
        let mut at = 0;
        std::iter::from_fn(move || {
            let (services, hashes) = (self.services.get(at..)?, self.hashes.get(at..)?);
            let (&(_, first), &hash) = (services.first()?, hashes.first()?);
            let same = services
                .iter()
                .zip(hashes)
                .skip(1)
                .take_while(|((_, s), h)| **h == hash && service_key(s) == service_key(first))
                .count();
            at += 1 + same;
            services.get(..=same)
        })
    }
}

/// `(file, item)` for the items `of` each file, in run order.
fn in_run_order<'a, T: 'a, I>(
    files: &'a [FileFacts],
    of: impl Fn(&'a FileFacts) -> I,
) -> Vec<(usize, &'a T)>
where
    I: Iterator<Item = &'a T>,
{
    files
        .iter()
        .enumerate()
        .flat_map(|(fi, f)| of(f).map(move |item| (fi, item)))
        .collect()
}

/// Where part `part` of `parts` of a list of `len` items lies: consecutive, in order, covering it.
fn share_bounds(len: usize, part: usize, parts: usize) -> std::ops::Range<usize> {
    // In u128: a count times a part number cannot overflow it.
    let bound = |part: usize| (len as u128 * part as u128 / parts.max(1) as u128) as usize;
    bound(part)..bound(part + 1)
}

/// The share of a run's Services, workloads and backends that one call of
/// [`super::Rule::check_run`] judges, with the whole index to look things up in. The parts of a
/// run are consecutive runs of each list, in order, so findings come out in the order one part
/// covering everything would give them.
pub struct RunPart<'r, 'a> {
    pub run: &'r RunIndex<'a>,
    part: usize,
    parts: usize,
}

impl<'r, 'a> RunPart<'r, 'a> {
    /// The run cut into `parts` parts (at least one).
    pub fn split(run: &'r RunIndex<'a>, parts: usize) -> impl Iterator<Item = Self> {
        let parts = parts.max(1);
        (0..parts).map(move |part| RunPart { run, part, parts })
    }

    fn share<'s, T>(&self, all: &'s [T]) -> &'s [T] {
        all.get(share_bounds(all.len(), self.part, self.parts))
            .unwrap_or_default()
    }

    pub fn services(&self) -> impl Iterator<Item = (usize, &'a ServiceFacts)> + '_ {
        self.share(&self.run.services).iter().copied()
    }

    pub fn workloads(&self) -> impl Iterator<Item = (usize, &'a WorkloadFacts)> + '_ {
        self.share(&self.run.workloads).iter().copied()
    }

    pub fn backends(&self) -> impl Iterator<Item = (usize, &'a BackendRef)> + '_ {
        self.share(&self.run.backends).iter().copied()
    }
}

impl<'a> RunIndex<'a> {
    pub fn build(files: &'a [FileFacts]) -> Self {
        // The maps are independent, so they are built side by side.
        let cwd = std::env::current_dir().ok();
        let folders: Vec<Option<PathBuf>> = files
            .iter()
            .map(|f| folder_key(f, cwd.as_deref()))
            .collect();
        let ((services_by_key, endpoints), (workload_maps, services_by_namespace)) = rayon::join(
            || rayon::join(|| ServicesByKey::build(files), || endpoints_of(files)),
            || {
                rayon::join(
                    || workload_maps(files, &folders),
                    || first_services_of(files),
                )
            },
        );
        let (workloads_by_namespace, workloads_by_label, workloads_by_folder) = workload_maps;
        let mut index = RunIndex {
            services: in_run_order(files, |f| f.services.iter()),
            workloads: in_run_order(files, |f| f.workloads.iter()),
            backends: in_run_order(files, |f| f.backends.iter()),
            files,
            workloads_by_namespace,
            workloads_by_label,
            services_by_key,
            services_by_namespace,
            endpoints,
            workloads_by_folder,
            folders,
            stdin: files.iter().position(is_stdin),
            defined_in: OnceLock::new(),
            selections: Selections::default(),
        };
        if index.has_workloads() {
            index.selections = index.all_selections();
        }
        index
    }

    /// Drop the index, its maps side by side (see `finish` in the driver).
    pub fn dispose(self) {
        let RunIndex {
            workloads_by_namespace,
            workloads_by_label,
            services_by_key,
            services_by_namespace,
            workloads_by_folder,
            endpoints,
            defined_in,
            selections,
            ..
        } = self;
        rayon::join(
            || drop(selections),
            || {
                rayon::join(
                    || drop((defined_in, services_by_key)),
                    || {
                        drop((
                            workloads_by_label,
                            workloads_by_namespace,
                            workloads_by_folder,
                            services_by_namespace,
                            endpoints,
                        ))
                    },
                )
            },
        );
    }

    /// How many Services, workloads and backends the run has: what [`RunPart`]s share out.
    pub fn items(&self) -> usize {
        self.services.len() + self.workloads.len() + self.backends.len()
    }

    /// Whether any file of the run defines a workload.
    pub fn has_workloads(&self) -> bool {
        !self.workloads.is_empty()
    }

    /// The Services named `name` in a namespace.
    pub fn services_named(
        &self,
        namespace: Option<&'a str>,
        name: &'a str,
    ) -> &[(usize, &'a ServiceFacts)] {
        self.services_by_key.get((namespace_key(namespace), name))
    }

    /// The named Services of the run grouped by namespace and name, each group in run order.
    pub fn services_by_key(&self) -> impl Iterator<Item = &[(usize, &'a ServiceFacts)]> {
        self.services_by_key.groups()
    }

    fn folder(&self, file: usize) -> Option<&Path> {
        self.folders.get(file).and_then(Option::as_deref)
    }

    /// The workloads defined in the folder of file `fi` (including that file), and those read
    /// from standard input; every workload of the run when `fi` is standard input.
    pub fn workloads_near(
        &self,
        fi: usize,
    ) -> Box<dyn Iterator<Item = (usize, &'a WorkloadFacts)> + '_> {
        if self.stdin == Some(fi) {
            return Box::new(self.workloads.iter().copied());
        }
        Box::new(
            self.folder(fi)
                .and_then(|folder| self.workloads_by_folder.get(folder))
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .copied()
                .chain(self.stdin_workloads()),
        )
    }

    /// Whether two files are in one folder, what `kubectl apply -f DIR` applies together. Only
    /// such objects are related: across folders, the same labels and names are reused by
    /// unrelated examples, fixtures and projects. Standard input is in every folder: it was
    /// named on the command line with the other inputs to be checked with them.
    pub fn same_folder(&self, a: usize, b: usize) -> bool {
        a == b || self.stdin == Some(a) || self.stdin == Some(b) || self.folder(a) == self.folder(b)
    }

    /// The workloads of file `fi` and of standard input (which goes with every input, see
    /// [`is_stdin`]); every workload of the run when `fi` is standard input. Their objects are
    /// applied as written, where two files of one folder may be given different namespaces by
    /// a kustomization.
    pub fn workloads_of_input(
        &self,
        fi: usize,
    ) -> Box<dyn Iterator<Item = (usize, &'a WorkloadFacts)> + '_> {
        if self.stdin == Some(fi) {
            return Box::new(self.workloads.iter().copied());
        }
        Box::new(self.workloads_in(fi).chain(self.stdin_workloads()))
    }

    fn workloads_in(&self, file: usize) -> impl Iterator<Item = (usize, &'a WorkloadFacts)> + '_ {
        self.files
            .get(file)
            .into_iter()
            .flat_map(move |f| f.workloads.iter().map(move |w| (file, w)))
    }

    fn stdin_workloads(&self) -> impl Iterator<Item = (usize, &'a WorkloadFacts)> + '_ {
        self.stdin.into_iter().flat_map(|i| self.workloads_in(i))
    }

    /// Whether two files define the same object: then they are alternatives (variants of one
    /// deployment, an all-in-one file next to its parts, fixtures) rather than parts applied
    /// together.
    pub fn alternatives(&self, a: usize, b: usize) -> bool {
        if a == b {
            return false;
        }
        let Some(file) = self.files.get(a) else {
            return false;
        };
        file.services
            .iter()
            .map(ServiceFacts::object)
            .chain(file.workloads.iter().map(WorkloadFacts::object))
            .filter_map(identity)
            .any(|id| {
                self.defined_in
                    .get_or_init(|| definitions_of(self.files))
                    .get(&id)
                    .is_some_and(|fs| fs.contains(b))
            })
    }

    /// Of several definitions related to `file`, the nearest: those in the same file if any,
    /// else those in the same folder; nothing from other folders.
    pub fn nearest<'b, T>(&self, file: usize, found: &'b [(usize, &'a T)]) -> Vec<(usize, &'a T)> {
        let here: Vec<_> = found.iter().filter(|(f, _)| *f == file).copied().collect();
        if !here.is_empty() {
            return here;
        }
        found
            .iter()
            .filter(|(f, _)| self.same_folder(file, *f))
            .copied()
            .collect()
    }

    /// A Service in the same namespace and folder as file `fi` whose name is a near miss of
    /// `name` (see [`near_miss`]): the evidence that a reference to a missing Service is a typo
    /// rather than a Service deployed from elsewhere.
    pub fn similar_service(
        &self,
        fi: usize,
        namespace: Option<&str>,
        name: &str,
    ) -> Option<&'a ServiceFacts> {
        self.services_by_namespace
            .get(&namespace_key(namespace))?
            .iter()
            // Bounded, so that many dangling references stay linear in the run.
            .take(SIMILAR_SERVICES)
            .find(|(sfi, s)| {
                self.same_folder(fi, *sfi) && s.object().name.is_some_and(|n| near_miss(name, n))
            })
            .map(|(_, s)| *s)
    }

    /// Whether the selector question applies: not to an ExternalName Service, nor to one
    /// without a selector or whose endpoints the run spells out (managed by hand, or a dump of a
    /// cluster), nor when the run has no workload at all (they are deployed from elsewhere).
    pub fn selector_applies(&self, svc: &ServiceFacts) -> bool {
        let ([name, namespace, type_, _], selector) = svc.head_and_selector();
        if type_ == "ExternalName" || selector.is_empty() || !self.has_workloads() {
            return false;
        }
        let ns = namespace_key(Some(namespace));
        name.is_empty() || !self.endpoints.contains(&(ns, name))
    }

    /// Every workload of the run, in the Service's namespace, whose Pods the selector matches.
    /// Linear in the size of the smallest label bucket the selector touches.
    pub fn matching(&self, svc: &ServiceFacts) -> Located<'a, WorkloadFacts> {
        let ([_, namespace, ..], selector) = svc.head_and_selector();
        let ns = namespace_key(Some(namespace));
        let empty = Vec::new();
        let candidates = selector
            .iter()
            .filter(|(k, _)| !CONTROLLER_LABELS.contains(k))
            .map(|(k, v)| self.workloads_by_label.get(&(ns, k, v)).unwrap_or(&empty))
            .min_by_key(|bucket| bucket.len())
            .or_else(|| self.workloads_by_namespace.get(&ns))
            .unwrap_or(&empty);
        candidates
            .iter()
            .filter(|(_, w)| selects(selector, w))
            .copied()
            .collect()
    }

    /// The workloads a Service (in file `fi`) sends traffic to, as far as the run shows: the
    /// matching workloads in the same file, else in the same folder. A workload defined in
    /// several nearby files (variants of one bundle) is one workload whose definitions are all
    /// kept, since the run cannot tell which one goes with the Service. `None` when the question
    /// does not apply (see [`Self::selector_applies`]); empty when nothing nearby matches.
    ///
    /// `svc` must be one of this run's Services: the answers are worked out for all of them
    /// when the index is built, in parallel, and looked up by the address of their facts.
    pub fn selected(&self, svc: &ServiceFacts) -> Option<&[Selected<'a>]> {
        self.selections
            .get(&address(svc))
            .and_then(Option::as_deref)
    }

    fn all_selections(&self) -> Selections<'a> {
        self.services
            .par_iter()
            .map(|&(fi, svc)| (address(svc), self.select(fi, svc)))
            .collect()
    }

    fn select(&self, fi: usize, svc: &ServiceFacts) -> Option<Vec<Selected<'a>>> {
        if !self.selector_applies(svc) {
            return None;
        }
        let mut out: Vec<Selected<'a>> = Vec::new();
        let mut by_identity: HashMap<Identity<'a>, usize> = HashMap::default();
        for (wfi, w) in self.nearest(fi, &self.matching(svc)) {
            match identity(w.object()).and_then(|id| by_identity.get(&id).copied()) {
                Some(i) => {
                    if let Some(group) = out.get_mut(i) {
                        group.definitions.push(w);
                    }
                }
                None => {
                    if let Some(id) = identity(w.object()) {
                        by_identity.insert(id, out.len());
                    }
                    out.push(Selected {
                        file: wfi,
                        workload: w,
                        definitions: vec![w],
                    });
                }
            }
        }
        Some(out)
    }
}

/// Where a Service's facts live: they stay put while the index that borrows them exists, so the
/// address names the Service.
fn address(svc: &ServiceFacts) -> usize {
    std::ptr::from_ref(svc) as usize
}

/// A finding on one object of the run.
pub fn on_object(file: usize, object: ObjectView<'_>, finding: Finding) -> RunFinding {
    RunFinding {
        file,
        object: Some(object.to_ref()),
        finding,
        related: Vec::new(),
    }
}

/// `deployment.apps/web`, or `deployment.apps/web (namespace shop)` when the namespace matters.
pub fn describe(object: ObjectView<'_>) -> String {
    match namespace_key(object.namespace) {
        Some(ns) => format!("{} in namespace {ns}", object.display_name()),
        None => object.display_name(),
    }
}

/// Whether `actual` looks like a slip of the keyboard for `wanted` (or the reverse): one
/// character added, dropped, changed or two swapped. `web`/`wbe` and `frontend`/`front-end` are;
/// `hello`/`hello-world` is not, and neither are `v1`/`v2` or `redis-0`/`redis-1`, which name
/// different things on purpose.
pub fn near_miss(wanted: &str, actual: &str) -> bool {
    if wanted == actual || wanted.len() < 3 || wanted.len() > 253 || actual.len() > 253 {
        return false;
    }
    if wanted.len().abs_diff(actual.len()) > 1 {
        return false;
    }
    let only_digits_differ = wanted.len() == actual.len()
        && wanted
            .bytes()
            .zip(actual.bytes())
            .all(|(a, b)| a == b || (a.is_ascii_digit() && b.is_ascii_digit()));
    if only_digits_differ {
        return false;
    }
    strsim::damerau_levenshtein(wanted, actual) == 1
}

#[cfg(test)]
mod tests;
