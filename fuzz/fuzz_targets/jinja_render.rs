//! Manifest templates: any Jinja text (and a second file it may include) loads, checks and
//! renders with chartroom's functions and context, or fails cleanly, under small budgets.
#![no_main]
use chartroom::jinja::environment::{JinjaContext, ManifestDirectory};
use chartroom::value::{Map, Value};
use libfuzzer_sys::fuzz_target;

fn context() -> JinjaContext {
    let values = Map::new();
    values.insert("replicas", Value::Int(2));
    values.insert("name", Value::string("web"));
    let profile = Map::new();
    profile.insert("name", Value::string("dev"));
    profile.insert("namespace", Value::string("shop"));
    JinjaContext {
        values: Value::Map(values),
        profile: Value::Map(profile.clone()),
        component: "web".to_string(),
        release: Value::Map(profile),
        capabilities: Value::Map(Map::new()),
    }
}

fuzz_target!(|text: &str| {
    // Small budgets (read once per process), so every input ends quickly; expensive
    // functions cost more than the whole budget and are refused before they run.
    std::env::set_var("CHARTROOM_MAX_STEPS", "200000");
    std::env::set_var("CHARTROOM_MAX_VALUE_SIZE", "1Mi");
    let (first, second) = text.split_once("\n%%\n").unwrap_or((text, "{{ values.name }}"));
    let directory = ManifestDirectory::from_texts("manifests/web", &[("a.yaml", first), ("b.yaml", second)]);
    let _ = directory.check();
    let _ = directory.render(&context());
});
