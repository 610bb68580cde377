//! Templates parsed and executed with Helm's functions against small values, under small
//! budgets: any template renders or fails cleanly (no panic, abort or runaway). Key and
//! certificate generation are left out: each call is seconds of bignum work under the
//! fuzzer's instrumentation and would drown every other input.
#![no_main]
use chartroom::value::{FuncError, GoType, Signature};
use libfuzzer_sys::fuzz_target;

const KEY_GENERATION: &[&str] = &[
    "genCA",
    "genCAWithKey",
    "genPrivateKey",
    "genSelfSignedCert",
    "genSelfSignedCertWithKey",
    "genSignedCert",
    "genSignedCertWithKey",
    "bcrypt",
    "htpasswd",
    "derivePassword",
];

fuzz_target!(|text: &str| {
    let mut functions = chartroom::engine::render::helm_functions();
    for name in KEY_GENERATION {
        let any = Signature {
            params: &[],
            variadic: Some(GoType::Any),
        };
        functions.insert_context(*name, any, |_, _| {
            Err(FuncError::new("key generation is not fuzzed"))
        });
    }
    let mut set = chartroom::gotmpl::TemplateSet::new(functions);
    if set.parse_file("fuzz", text).is_err() {
        return;
    }
    let values = chartroom::yaml::parse_values("a: 1\nb: [x, y]\nc: {d: true}\n")
        .unwrap_or(chartroom::value::Value::Nil);
    let mut budget = chartroom::gotmpl::Budget::with_limits(100_000, 1 << 20);
    let mut out = String::new();
    let _ = set.execute_with_budget("fuzz", &values, &mut out, &mut budget);
});
