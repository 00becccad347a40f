//! The whole lint pipeline on arbitrary bytes: reading (UTF-8 or not), parsing, decoding, every
//! rule and every renderer must finish without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use svcctl::lint::driver::{LintOptions, lint_texts};
use svcctl::render::{Format, HumanStyle, RenderOptions, render};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let report = lint_texts(vec![("fuzz.yaml".into(), text)], &LintOptions::default());
    let options = RenderOptions { style: HumanStyle::default(), show_suppressed: true };
    for format in [Format::Human, Format::Json, Format::Concise, Format::Github, Format::Sarif, Format::Junit] {
        let _ = render(&report, format, &options);
    }
});
