//! The floor the lint benchmark is measured against: read every manifest under the given paths
//! and run the bare YAML event parser over it on ONE thread, building nothing and checking nothing.
//! `cargo run --release --example parse_floor -- PATH…` prints files, bytes, events and seconds.
//! With `--tree` it runs svcctl's own parse instead (fast path, granit-parser where needed,
//! building the spanned tree), to show what the parse costs inside `svcctl lint`.

use std::time::Instant;

use granit_parser::{Options, Parser};

fn main() {
    let start = Instant::now();
    let tree = std::env::args().any(|a| a == "--tree");
    let paths: Vec<String> = std::env::args().skip(1).filter(|a| a != "--tree").collect();
    let inputs: Vec<svcctl::lint::Input> = paths
        .iter()
        .map(|p| svcctl::lint::Input::from_arg(p))
        .collect();
    let (files, _) = svcctl::lint::driver::collect_files(&inputs);
    let (mut bytes, mut events) = (0usize, 0usize);
    for input in &files {
        let svcctl::lint::Input::Path(path) = input else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        bytes += text.len();
        if tree {
            let stream = svcctl::model::yaml::parse_stream(&text, Default::default());
            events += stream.documents.len();
            continue;
        }
        // The same scanner settings as `svcctl lint` (comments only when a suppression needs them).
        let mut options = Options::default();
        options.emit_comments = text.contains("svcctl-ignore");
        let mut parser = Parser::new_from_str_with_options(&text, options);
        loop {
            match parser.next_event() {
                Some(Ok(_)) => events += 1,
                Some(Err(_)) => {
                    if !matches!(parser.proceed_next_document(), Ok(true)) {
                        break;
                    }
                }
                None => break,
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let (what, unit) = if tree {
        ("svcctl parse to spanned trees", "documents")
    } else {
        ("parse-only floor", "events")
    };
    println!(
        "{what} (1 thread): {} files, {:.1} MB, {events} {unit} in {:.3} s ({:.1} MB/s)",
        files.len(),
        bytes as f64 / 1e6,
        secs,
        bytes as f64 / 1e6 / secs
    );
}
