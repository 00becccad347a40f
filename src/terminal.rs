//! The one place that decides about colour and writes to stdout/stderr. Colour follows
//! `--color`, then `NO_COLOR`/`CLICOLOR_FORCE`, then whether each stream is a terminal
//! (anstream's rules, per stream). A closed pipe is not an error: svcctl stops quietly.

use std::io::{IsTerminal, Write};

use crate::render::HumanStyle;

pub struct Terminal {
    stdout_color: bool,
    stderr_color: bool,
    width: usize,
}

/// Raised when stdout or stderr is a closed pipe; `main` turns it into a silent exit 0.
#[derive(Debug, thiserror::Error)]
#[error("broken pipe")]
pub struct BrokenPipe;

impl Terminal {
    pub fn new(choice: anstream::ColorChoice) -> Self {
        choice.write_global();
        let stdout_color =
            anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never;
        let stderr_color =
            anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
        let width = if std::io::stdout().is_terminal() {
            terminal_width().unwrap_or(100)
        } else {
            100
        };
        Terminal {
            stdout_color,
            stderr_color,
            width,
        }
    }

    pub fn stdout_style(&self) -> HumanStyle {
        HumanStyle {
            color: self.stdout_color,
            width: self.width,
        }
    }

    pub fn plain_style(&self) -> HumanStyle {
        HumanStyle {
            color: false,
            width: 100,
        }
    }

    pub fn stdout_color(&self) -> bool {
        self.stdout_color
    }

    pub fn stderr_color(&self) -> bool {
        self.stderr_color
    }

    pub fn write_stdout(&self, text: &str) -> Result<(), BrokenPipe> {
        write_all(&mut std::io::stdout().lock(), text)
    }

    /// Standard output, buffered, for a writer that produces its text piece by piece.
    pub fn write_stdout_with(
        &self,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), BrokenPipe> {
        let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        closed_pipe(write(&mut stdout).and_then(|()| stdout.flush()))
    }

    pub fn write_stderr(&self, text: &str) -> Result<(), BrokenPipe> {
        write_all(&mut std::io::stderr().lock(), text)
    }
}

fn write_all(stream: &mut impl Write, text: &str) -> Result<(), BrokenPipe> {
    closed_pipe(
        stream
            .write_all(text.as_bytes())
            .and_then(|()| stream.flush()),
    )
}

/// What a failed write to a standard stream means for the run: a closed pipe ends it quietly.
fn closed_pipe(written: std::io::Result<()>) -> Result<(), BrokenPipe> {
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(BrokenPipe),
        // Any other write failure (a full disk) has nowhere better to be reported.
        _ => Ok(()),
    }
}

fn terminal_width() -> Option<usize> {
    std::env::var("COLUMNS").ok()?.parse().ok()
}
