//! `svcctl explain`: decide how the page may look on this terminal, then print what
//! [`crate::explain::explain`] computed.

use crate::cli::{ExplainArgs, lint_options};
use crate::error::{Exit, Failure};
use crate::explain::{ExplainRequest, Look, explain};
use crate::terminal::Terminal;

/// Whether the locale promises UTF-8. No locale at all is taken as UTF-8: that is what terminals
/// without one (Windows, many containers) actually use.
fn utf8_locale() -> bool {
    for var in ["LC_ALL", "LC_CTYPE", "LANG"] {
        if let Ok(value) = std::env::var(var)
            && !value.is_empty()
        {
            let value = value.to_ascii_lowercase();
            return value.contains("utf-8") || value.contains("utf8");
        }
    }
    true
}

/// Unicode box drawing only where colour goes (a terminal, or `--color always`) and the locale is
/// UTF-8; `--ascii` always wins.
fn look_for(args: &ExplainArgs, term: &Terminal) -> Look {
    let style = term.stdout_style();
    Look {
        unicode: !args.ascii && style.color && utf8_locale(),
        color: style.color,
        width: style.width.clamp(40, 80),
    }
}

pub fn run(args: ExplainArgs, term: &Terminal) -> Result<Exit, Failure> {
    let look = look_for(&args, term);
    if args.files.filenames.is_empty()
        && let Some(names) = crate::explain::live::live_names(&args.topics, args.from_cluster)
    {
        return explain_live(&args, &names, &look, term);
    }
    if args.from_cluster {
        return Err(Failure::Message(
            "--cluster takes Service names (`svcctl explain --cluster web -n shop`), not files or topics"
                .into(),
        ));
    }
    let request = ExplainRequest {
        topics: args.topics.clone(),
        files: args.files.filenames.clone(),
        recursive: args.recursive,
        format: args.format,
    };
    let out = explain(&request, &look, || {
        lint_options(&args.cluster, &args.rules).map(|(options, _config)| options)
    })?;
    term.write_stdout(&out.stdout)?;
    if !out.stderr.is_empty() {
        term.write_stderr(&out.stderr)?;
    }
    Ok(if out.unreadable {
        Exit::Error
    } else {
        Exit::Clean
    })
}

/// `svcctl explain svc/NAME`: read the Services, then explain them as files are.
fn explain_live(
    args: &ExplainArgs,
    names: &[String],
    look: &Look,
    term: &Terminal,
) -> Result<Exit, Failure> {
    #[cfg(feature = "cluster")]
    {
        let (options, _config) = lint_options(&args.cluster, &args.rules)?;
        let connection = crate::cluster::Connection {
            kubeconfig: args.kubeconfig.clone(),
            context: args.context.clone(),
            namespace: args.namespace.clone(),
            timeout: args.timeout,
            field_manager: "svcctl".into(),
            force_conflicts: false,
            all_kinds: false,
        };
        let services = crate::cluster::live::fetch(names, &connection)?;
        let out = crate::explain::explain_live(&services, args.format, look, &options)?;
        term.write_stdout(&out.stdout)?;
        Ok(Exit::Clean)
    }
    #[cfg(not(feature = "cluster"))]
    {
        let _ = (args, names, look, term);
        Err(Failure::Message(
            "svcctl was built without the `cluster` feature; explaining live Services is not compiled in"
                .into(),
        ))
    }
}
