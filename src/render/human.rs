//! The human report: each finding as a miette snippet with a label on the exact node, the field
//! path in the message and a help line. Colour and hyperlinks only when the caller says the
//! stream is a terminal.

use std::fmt::Write as _;
use std::sync::Arc;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::RenderOptions;
use crate::lint::{Diagnostic, Report, Severity};
use crate::model::source::{SourceFile, Span};

#[derive(Clone, Copy, Debug)]
pub struct HumanStyle {
    pub color: bool,
    pub width: usize,
}

impl Default for HumanStyle {
    fn default() -> Self {
        HumanStyle {
            color: false,
            width: 100,
        }
    }
}

/// A source file as miette reads it, named and tagged as YAML.
struct NamedFile(Arc<SourceFile>);

impl SourceCode for NamedFile {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // miette's `str` reader scans from the start of the text to find lines, which makes a
        // report on a large file quadratic in its findings. Hand it only the lines it will show
        // (found with the file's line table), then shift the result back.
        let file = &self.0;
        let text: &str = file.text.as_ref();
        let start_line = file.position(span.offset()).line;
        let end_line = file.position(span.offset() + span.len()).line;
        let first = start_line.saturating_sub(before).max(1);
        let window_start = file.line_start(first).unwrap_or(0);
        let window_end = file
            .line_start(end_line + after + 1)
            .unwrap_or(text.len())
            .max(window_start);
        let (window, base, first_line) = match text.get(window_start..window_end) {
            Some(w) if span.offset() >= window_start => (w, window_start, first - 1),
            _ => (text, 0, 0),
        };
        let local = SourceSpan::from((span.offset() - base, span.len()));
        let inner = window.read_span(&local, before, after)?;
        Ok(Box::new(
            MietteSpanContents::new_named(
                file.name.clone(),
                inner.data(),
                SourceSpan::from((inner.span().offset() + base, inner.span().len())),
                inner.line() + first_line,
                inner.column(),
                inner.line_count(),
            )
            .with_language("yaml"),
        ))
    }
}

fn source_span(span: Span) -> SourceSpan {
    SourceSpan::from((span.start, span.len()))
}

struct View<'a> {
    d: &'a Diagnostic,
    source: NamedFile,
    /// Findings in other files, rendered as their own blocks.
    others: Vec<RelatedView>,
}

struct RelatedView {
    source: NamedFile,
    span: Span,
    message: String,
}

impl std::fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::fmt::Display for View<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.d.field {
            Some(field) => write!(f, "{field}: {}", self.d.message),
            None => f.write_str(&self.d.message),
        }
    }
}

impl std::error::Error for View<'_> {}

impl MietteDiagnostic for View<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(format!(
            "{}[{}]",
            self.d.rule.code, self.d.rule.id
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.d
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary = LabeledSpan::new_primary_with_span(
            Some(self.d.rule.summary.to_string()),
            source_span(self.d.span),
        );
        let same_file = self
            .d
            .related
            .iter()
            .filter(|r| r.file.name == self.d.file.name)
            .map(|r| LabeledSpan::new_with_span(Some(r.message.clone()), source_span(r.span)));
        Some(Box::new(std::iter::once(primary).chain(same_file)))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn MietteDiagnostic> + 'a>> {
        if self.others.is_empty() {
            return None;
        }
        Some(Box::new(
            self.others.iter().map(|r| r as &dyn MietteDiagnostic),
        ))
    }
}

impl std::fmt::Debug for RelatedView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::fmt::Display for RelatedView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RelatedView {}

impl MietteDiagnostic for RelatedView {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some("here".to_string()),
            source_span(self.span),
        ))))
    }
}

fn handler(style: HumanStyle) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(style.width)
}

/// Render one diagnostic (also used by `apply` for server errors mapped back to the file).
pub fn render_diagnostic(d: &Diagnostic, style: HumanStyle) -> String {
    render_with(d, style, &mut Texts::default())
}

/// The texts of the files being shown: a file let go after checking is read again, once for its
/// run of findings (they come sorted by file).
#[derive(Default)]
struct Texts {
    last: Option<Arc<SourceFile>>,
}

impl Texts {
    fn of(&mut self, file: &Arc<SourceFile>) -> Arc<SourceFile> {
        if !file.is_detached() {
            return file.clone();
        }
        if let Some(last) = self.last.as_ref().filter(|l| l.name == file.name) {
            return last.clone();
        }
        // A file that is gone or changed since it was checked has no snippet; the fallback
        // below still prints its position.
        let text = file.reread().map_or_else(|| file.clone(), Arc::new);
        self.last = Some(text.clone());
        text
    }
}

fn render_with(d: &Diagnostic, style: HumanStyle, texts: &mut Texts) -> String {
    let file = texts.of(&d.file);
    let view = View {
        d,
        source: NamedFile(file.clone()),
        others: d
            .related
            .iter()
            .filter(|r| r.file.name != d.file.name)
            .map(|r| RelatedView {
                source: NamedFile(texts.of(&r.file)),
                span: r.span,
                message: r.message.clone(),
            })
            .collect(),
    };
    let mut out = String::new();
    if !file.is_detached() && handler(style).render_report(&mut out, &view).is_ok() {
        out = without_blank_advice_header(&out);
    } else {
        // miette only fails on a span outside the source; fall back to a plain line.
        let p = d.start();
        out = format!(
            "{}:{}:{}: {}[{}] {view}\n",
            d.file.name,
            p.line,
            p.column,
            d.severity.as_str(),
            d.rule.id
        );
    }
    out
}

/// miette introduces a related location with its severity and then its code, which ours do not
/// have: `Advice: ` would end in a space.
fn without_blank_advice_header(rendered: &str) -> String {
    rendered
        .split_inclusive('\n')
        .map(|line| match line {
            "Advice: \n" => "Advice:\n",
            "Advice: " => "Advice:",
            _ => line,
        })
        .collect()
}

/// Where a finding on a Helm-rendered document is in the rendered stream, and which template
/// wrote it when the template itself could not be shown.
fn rendered_note(d: &Diagnostic, h: &crate::lint::HelmOrigin) -> String {
    let at = format!(
        "{}:{}:{}",
        h.rendered_file, h.rendered.line, h.rendered.column
    );
    if d.file.name == h.rendered_file {
        format!(
            "  note: rendered by Helm from {} (not found under --chart-root; shown as rendered)",
            h.template
        )
    } else {
        format!(
            "  note: rendered by Helm from {}; at {at} in the rendered output",
            h.template
        )
    }
}

pub fn render(report: &Report, options: &RenderOptions) -> String {
    let mut out = String::new();
    let mut texts = Texts::default();
    let mut root: Option<&str> = None;
    for d in &report.diagnostics {
        // Findings on a Kustomize build name its root once per run of them.
        let this = d.kustomization.as_deref();
        if this != root {
            if let Some(k) = this {
                let _ = writeln!(out, "In the build of {k}:\n");
            }
            root = this;
        }
        out.push_str(&render_with(d, options.style, &mut texts));
        if let Some(h) = &d.helm {
            let _ = writeln!(out, "{}", rendered_note(d, h));
        }
        out.push('\n');
    }
    if options.show_suppressed {
        for d in &report.suppressed {
            let p = d.start();
            let _ = writeln!(
                out,
                "suppressed: {}:{}:{}: {}[{}] {}",
                d.file.name,
                p.line,
                p.column,
                d.severity.as_str(),
                d.rule.id,
                d.message
            );
        }
    }
    out
}
