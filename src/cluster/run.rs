//! The two runs. Both: read and lint (any error → findings, nothing sent), check what no
//! server could fix (names, `--namespace` contradictions), connect, then per object a GET of
//! the live object and a server-side apply (`PATCH`, `application/apply-patch+yaml`,
//! `fieldManager`, `fieldValidation=Strict`, `force` only with `--force-conflicts`). `apply`
//! prints what happened and reports endpoints; `diff` sends the apply as a dry run and prints
//! the difference.
//!
//! Objects go one at a time, in file order, so the output follows the input and a Namespace
//! listed before the objects that live in it exists by the time they arrive.

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use kube::api::{GetParams, Patch, PatchParams};
use kube::core::{ApiResource, DynamicObject, GroupVersionKind, Request, Resource as _};
use kube::discovery::Scope;
use serde_json::Value;

use super::connect::{self, Cluster};
use super::diff::{self, Palette};
use super::endpoints::{self, Subject};
use super::plan::{self, Plan, Target};
use super::status::{self, Cx, Problem};
use super::{ApplyRequest, Connection, DiffRequest, DryRun, Outcome, Report};
use crate::error::Failure;
use crate::lint::Diagnostic;
use crate::render::{self, Format, HumanStyle, RenderOptions};

pub fn apply(args: ApplyRequest, term: &dyn Report) -> Result<Outcome, Failure> {
    let plan = plan::prepare(&args.paths, &args.options, args.connection.all_kinds)?;
    if let Some(outcome) = gate(&plan, &args.connection, term)? {
        return Ok(outcome);
    }
    if args.dry_run == DryRun::Client {
        return client_dry_run(&plan, &args.connection, term);
    }
    runtime()?.block_on(apply_async(&plan, &args, term))
}

pub fn diff(args: DiffRequest, term: &dyn Report) -> Result<Outcome, Failure> {
    let plan = plan::prepare(&args.paths, &args.options, args.connection.all_kinds)?;
    if let Some(outcome) = gate(&plan, &args.connection, term)? {
        return Ok(outcome);
    }
    runtime()?.block_on(diff_async(&plan, &args, term))
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Message(format!("cannot start the async runtime: {e}")))
}

fn stderr_style(term: &dyn Report) -> HumanStyle {
    HumanStyle {
        color: term.err_color(),
        width: 100,
    }
}

fn print_diagnostics(term: &dyn Report, diagnostics: &[Diagnostic]) -> Result<(), Failure> {
    for d in diagnostics {
        term.err(&render::render_diagnostic(d, stderr_style(term)))?;
        term.err("\n")?;
    }
    Ok(())
}

/// Everything that stops a run before the first request. `Some(outcome)`: stop with it.
fn gate(plan: &Plan, connect: &Connection, term: &dyn Report) -> Result<Option<Outcome>, Failure> {
    if !plan.report.diagnostics.is_empty() {
        let rendered = render::render(
            &plan.report,
            Format::Human,
            &RenderOptions {
                style: stderr_style(term),
                show_suppressed: false,
            },
        );
        term.err(&rendered)?;
    }
    if plan.errors() > 0 {
        term.err(&format!(
            "svcctl: {}; nothing was sent to the cluster\n",
            render::summary_line(&plan.report)
        ))?;
        return Ok(Some(Outcome::LintErrors));
    }
    if plan.targets.is_empty() {
        return Err(Failure::Message(if plan.skipped > 0 {
            format!(
                "nothing to send: no Service in the input ({} other {}; --all-kinds sends them too)",
                plan.skipped,
                if plan.skipped == 1 {
                    "object"
                } else {
                    "objects"
                }
            )
        } else {
            "nothing to send: the input holds no Kubernetes object".into()
        }));
    }
    let problems = plan::check_targets(plan, connect.namespace.as_deref());
    if !problems.is_empty() {
        print_diagnostics(term, &problems)?;
        term.err("svcctl: nothing was sent to the cluster\n")?;
        return Ok(Some(Outcome::Failed));
    }
    if plan.skipped > 0 {
        term.err(&format!(
            "svcctl: skipping {} (--all-kinds sends other kinds too)\n",
            if plan.skipped == 1 {
                "1 object that is not a core/v1 Service".to_string()
            } else {
                format!("{} objects that are not core/v1 Services", plan.skipped)
            }
        ))?;
    }
    Ok(None)
}

/// `--dry-run=client`: the bodies, as YAML, with where each would go. No server is contacted.
fn client_dry_run(plan: &Plan, args: &Connection, term: &dyn Report) -> Result<Outcome, Failure> {
    let default_ns = connect::offline_namespace(args);
    let mut out = String::new();
    for t in &plan.targets {
        let ns = t.object.namespace.as_deref().unwrap_or(&default_ns);
        let place = if t.object.is_core_service() || t.object.namespace.is_some() {
            format!("namespace {ns}")
        } else {
            format!("namespace {ns} if namespaced")
        };
        out.push_str(&format!(
            "---\n# {}: server-side apply to {place} as field manager {:?}{} (client dry run, nothing sent)\n",
            t.object.display_name(),
            args.field_manager,
            if args.force_conflicts { ", forcing conflicts" } else { "" },
        ));
        out.push_str(&crate::generate::yaml::to_yaml(&t.body));
    }
    term.out(&out)?;
    Ok(Outcome::Clean)
}

/// A request's failure before classification.
enum Fault {
    Kube(kube::Error),
    Timeout,
    Problem(Problem),
}

/// One connection's worth of state: the client, resolved resources, missing namespaces.
struct Session<'a> {
    cluster: &'a Cluster,
    plan: &'a Plan,
    resources: HashMap<(String, String), (ApiResource, bool)>,
    missing_namespaces: BTreeSet<String>,
}

/// The result of one server-side apply.
struct Applied {
    before: Option<Value>,
    after: Value,
    namespace: Option<String>,
}

impl<'a> Session<'a> {
    fn new(cluster: &'a Cluster, plan: &'a Plan) -> Self {
        Session {
            cluster,
            plan,
            resources: HashMap::new(),
            missing_namespaces: BTreeSet::new(),
        }
    }

    fn cx(&self, target: &'a Target) -> Cx<'a> {
        Cx {
            plan: self.plan,
            target,
            server: &self.cluster.server,
            context: &self.cluster.context,
            namespace: target
                .object
                .namespace
                .as_deref()
                .unwrap_or(&self.cluster.namespace),
        }
    }

    fn problem(&self, target: &'a Target, fault: Fault) -> Problem {
        match fault {
            Fault::Kube(e) => status::classify(&e, &self.cx(target)),
            Fault::Timeout => Problem::Fatal(format!(
                "the API server at {} did not answer within {} (--timeout)",
                self.cluster.server,
                human(self.cluster.timeout)
            )),
            Fault::Problem(p) => p,
        }
    }

    async fn within<T>(
        &self,
        fut: impl std::future::Future<Output = Result<T, kube::Error>>,
    ) -> Result<T, Fault> {
        match tokio::time::timeout(self.cluster.timeout, fut).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(Fault::Kube(e)),
            Err(_) => Err(Fault::Timeout),
        }
    }

    /// The resource and its scope. Services are known; other kinds are discovered (once per
    /// kind) from their group version.
    async fn resource(&mut self, target: &Target) -> Result<(ApiResource, bool), Fault> {
        let o = &target.object;
        if o.is_core_service() {
            return Ok((
                ApiResource::erase::<k8s_openapi::api::core::v1::Service>(&()),
                true,
            ));
        }
        let key = (o.api_version.to_string(), o.kind.to_string());
        if let Some(found) = self.resources.get(&key) {
            return Ok(found.clone());
        }
        let (group, version) = o
            .api_version
            .split_once('/')
            .unwrap_or(("", &o.api_version));
        let gvk = GroupVersionKind::gvk(group, version, &o.kind);
        let found = match self
            .within(kube::discovery::pinned_kind(&self.cluster.client, &gvk))
            .await
        {
            Ok((resource, caps)) => (resource, caps.scope == Scope::Namespaced),
            Err(Fault::Kube(kube::Error::Discovery(_))) => return Err(not_served(o)),
            Err(Fault::Kube(kube::Error::Api(s))) if s.code == 404 => return Err(not_served(o)),
            Err(other) => return Err(other),
        };
        self.resources.insert(key, found.clone());
        Ok(found)
    }

    /// GET the live object (`None` when it does not exist), then server-side apply.
    async fn apply_one(
        &mut self,
        target: &Target,
        connect: &Connection,
        dry_run: bool,
    ) -> Result<Applied, Fault> {
        let (resource, namespaced) = self.resource(target).await?;
        let namespace = namespaced.then(|| {
            target
                .object
                .namespace
                .as_deref()
                .map_or_else(|| self.cluster.namespace.clone(), str::to_string)
        });
        if let Some(ns) = &namespace
            && self.missing_namespaces.contains(ns)
        {
            return Err(Fault::Problem(Problem::MissingNamespace(ns.clone())));
        }
        let request = Request::new(DynamicObject::url_path(&resource, namespace.as_deref()));
        let name = target.name();
        let get = request
            .get(name, &GetParams::default())
            .map_err(|e| Fault::Kube(kube::Error::BuildRequest(e)))?;
        let before = match self.within(self.cluster.client.request::<Value>(get)).await {
            Ok(live) => Some(live),
            Err(Fault::Kube(kube::Error::Api(s))) if s.code == 404 => None,
            Err(other) => return Err(other),
        };
        let mut params = PatchParams::apply(&connect.field_manager).validation_strict();
        params.force = connect.force_conflicts;
        params.dry_run = dry_run;
        let patch = request
            .patch(name, &params, &Patch::Apply(&target.body))
            .map_err(|e| Fault::Kube(kube::Error::BuildRequest(e)))?;
        let after = self
            .within(self.cluster.client.request::<Value>(patch))
            .await?;
        Ok(Applied {
            before,
            after,
            namespace,
        })
    }

    /// Say a problem; `Err` for the fatal ones. Returns the outcome it deserves.
    fn report(&mut self, problem: Problem, term: &dyn Report) -> Result<Outcome, Failure> {
        match problem {
            Problem::Fatal(message) => Err(Failure::Message(message)),
            Problem::MissingNamespace(ns) => {
                if self.missing_namespaces.insert(ns.clone()) {
                    term.err(&format!(
                        "error: namespace {ns:?} does not exist on {}; create it (kubectl create \
                         namespace {ns}) or choose another with --namespace\n",
                        self.cluster.server
                    ))?;
                }
                Ok(Outcome::Failed)
            }
            Problem::Rejected(diagnostics) => {
                print_diagnostics(term, &diagnostics)?;
                Ok(Outcome::Refused)
            }
            Problem::Failed(message) => {
                term.err(&format!("error: {message}\n"))?;
                Ok(Outcome::Failed)
            }
        }
    }
}

fn not_served(o: &crate::model::object::ObjectRef) -> Fault {
    Fault::Problem(Problem::Failed(format!(
        "{}: the API server does not serve kind {} in {}",
        o.display_name(),
        o.kind,
        o.api_version
    )))
}

fn resource_version(object: &Value) -> Option<&str> {
    object.pointer("/metadata/resourceVersion")?.as_str()
}

async fn apply_async(
    plan: &Plan,
    args: &ApplyRequest,
    term: &dyn Report,
) -> Result<Outcome, Failure> {
    let cluster = connect::connect(&args.connection).await?;
    let dry_run = args.dry_run == DryRun::Server;
    let suffix = if dry_run { " (server dry run)" } else { "" };
    let mut session = Session::new(&cluster, plan);
    let mut outcome = Outcome::Clean;
    let mut failed = 0;
    let mut subjects = Vec::new();
    for target in &plan.targets {
        match session.apply_one(target, &args.connection, dry_run).await {
            Ok(applied) => {
                let what = match &applied.before {
                    None => "created",
                    // A dry run does not move resourceVersion: compare the content instead.
                    Some(before) if dry_run => {
                        if diff::normalize(before) == diff::normalize(&applied.after) {
                            "unchanged"
                        } else {
                            "configured"
                        }
                    }
                    Some(before) => {
                        if resource_version(before) == resource_version(&applied.after) {
                            "unchanged"
                        } else {
                            "configured"
                        }
                    }
                };
                term.out(&format!(
                    "{} {what}{suffix}\n",
                    target.object.display_name()
                ))?;
                if !dry_run && target.object.is_core_service() {
                    let ns = applied.namespace.as_deref().unwrap_or(&cluster.namespace);
                    subjects.extend(Subject::from_applied(&applied.after, ns));
                }
            }
            Err(fault) => {
                failed += 1;
                let problem = session.problem(target, fault);
                outcome = outcome.max(session.report(problem, term)?);
            }
        }
    }
    if failed > 0 {
        term.err(&format!(
            "svcctl: {failed} of {} {} not applied\n",
            plan.targets.len(),
            if plan.targets.len() == 1 {
                "object was"
            } else {
                "objects were"
            }
        ))?;
    }
    if !subjects.is_empty() {
        outcome = outcome.max(report_endpoints(&cluster, &subjects, args.wait, term).await?);
    }
    Ok(outcome)
}

/// Ready endpoints per Service, once or (with `--wait`) until every one has some.
async fn report_endpoints(
    cluster: &Cluster,
    subjects: &[Subject],
    wait: Option<Duration>,
    term: &dyn Report,
) -> Result<Outcome, Failure> {
    let deadline = wait.map(|w| Instant::now() + w);
    loop {
        let mut seen = Vec::with_capacity(subjects.len());
        for s in subjects {
            let looked =
                tokio::time::timeout(cluster.timeout, endpoints::observe(&cluster.client, s)).await;
            match looked {
                Ok(Ok(state)) => seen.push(Some(state)),
                Ok(Err(e)) => {
                    let what = format!(
                        "cannot read the EndpointSlices of {}: {}",
                        s.name,
                        status::chain(&e)
                    );
                    if wait.is_some() {
                        return Err(Failure::Message(what));
                    }
                    term.err(&format!("warning: {what}\n"))?;
                    seen.push(None);
                }
                Err(_) => {
                    let what = format!(
                        "the API server at {} did not answer within {} (--timeout)",
                        cluster.server,
                        human(cluster.timeout)
                    );
                    if wait.is_some() {
                        return Err(Failure::Message(what));
                    }
                    term.err(&format!("warning: {what}\n"))?;
                    seen.push(None);
                }
            }
        }
        let done = subjects
            .iter()
            .zip(&seen)
            .all(|(s, state)| state.as_ref().is_none_or(|st| st.satisfied(s)));
        let now = Instant::now();
        match deadline {
            Some(deadline) if !done && now < deadline => {
                let pause = Duration::from_secs(1).min(deadline - now);
                tokio::time::sleep(pause).await;
                continue;
            }
            _ => {}
        }
        let mut out = String::new();
        for (s, state) in subjects.iter().zip(&seen) {
            if let Some(state) = state {
                out.push_str(&endpoints::describe(s, state));
                out.push('\n');
            }
        }
        term.out(&out)?;
        if let Some(w) = wait
            && !done
        {
            let waiting: Vec<&str> = subjects
                .iter()
                .zip(&seen)
                .filter(|(s, st)| st.as_ref().is_some_and(|st| !st.satisfied(s)))
                .map(|(s, _)| s.name.as_str())
                .collect();
            term.err(&format!(
                "error: timed out after {} waiting for {} (--wait)\n",
                human(w),
                waiting.join(", ")
            ))?;
            return Ok(Outcome::NotReady);
        }
        return Ok(Outcome::Clean);
    }
}

async fn diff_async(
    plan: &Plan,
    args: &DiffRequest,
    term: &dyn Report,
) -> Result<Outcome, Failure> {
    let cluster = connect::connect(&args.connection).await?;
    let mut session = Session::new(&cluster, plan);
    let palette = Palette {
        color: term.out_color(),
    };
    let mut outcome = Outcome::Clean;
    for target in &plan.targets {
        match session.apply_one(target, &args.connection, true).await {
            Ok(applied) => {
                let o = &target.object;
                let id = format!(
                    "{}.{}.{}{}",
                    o.api_version.replace('/', "."),
                    o.kind,
                    applied
                        .namespace
                        .as_deref()
                        .map(|n| format!("{n}."))
                        .unwrap_or_default(),
                    target.name()
                );
                let live = diff::yaml(applied.before.as_ref());
                let merged = diff::yaml(Some(&applied.after));
                if let Some(text) = diff::unified(
                    &live,
                    &merged,
                    &format!("live/{id}"),
                    &format!("merged/{id}"),
                    palette,
                ) {
                    term.out(&text)?;
                    outcome = outcome.max(Outcome::Changed);
                }
            }
            Err(fault) => {
                let problem = session.problem(target, fault);
                outcome = outcome.max(session.report(problem, term)?);
            }
        }
    }
    Ok(outcome)
}

/// `30s`, `2m`, `1m30s`, `500ms`: how durations are written on the command line.
fn human(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        return format!("{ms}ms");
    }
    if ms < 60_000 && !ms.is_multiple_of(1000) {
        return format!("{}s", ms as f64 / 1000.0);
    }
    let secs = d.as_secs();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 || out.is_empty() {
        out.push_str(&format!("{s}s"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_print_as_typed() {
        assert_eq!(human(Duration::from_secs(30)), "30s");
        assert_eq!(human(Duration::from_secs(90)), "1m30s");
        assert_eq!(human(Duration::from_secs(120)), "2m");
        assert_eq!(human(Duration::from_millis(500)), "500ms");
        assert_eq!(human(Duration::from_millis(1500)), "1.5s");
        assert_eq!(human(Duration::from_secs(3600)), "1h");
    }
}
