//! `svcctl explain`: decide how the page may look on this terminal, then print what
//! [`crate::explain::explain`] computed.

use crate::error::{Exit, Failure};
use crate::explain::{ExplainArgs, Look, explain};
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
    let out = explain(&args, &look)?;
    term.write_stdout(&out.stdout)?;
    if !out.stderr.is_empty() {
        term.write_stderr(&out.stderr)?;
    }
    Ok(out.exit)
}
