use svcctl::model::schema::{self, Kind};

fn walk(s: &schema::Schema, id: usize, path: String, depth: usize) {
    let sh = s.shape(id);
    println!("{path} <{}> {:?}\n    {}", sh.type_name, std::mem::discriminant(&sh.kind), sh.description.replace('\n', "\\n"));
    if depth > 6 { return; }
    let mut id2 = id;
    if let Kind::Array(i) = sh.kind { id2 = i; }
    if let Kind::Object { properties, additional, required } = &s.shape(id2).kind {
        if !required.is_empty() { println!("    required: {required:?}"); }
        if let Some(a) = additional { println!("    additional <{}>", s.shape(*a).type_name); }
        for (n, sub) in properties { walk(s, *sub, format!("{path}.{n}"), depth + 1); }
    }
}

#[test]
fn dump() {
    let s = schema::service();
    walk(s, s.root, "Service".into(), 0);
}
