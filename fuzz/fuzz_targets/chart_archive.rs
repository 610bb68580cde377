//! Chart archives: gzip and tar reading, names, sub-chart archives and the chart built from
//! them.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let mut budget = 64 << 20;
    if let Ok(files) = chartroom::chart::archive::load_archive_files(bytes, &mut budget) {
        let _ = chartroom::chart::load::load_files(
            files,
            0,
            chartroom::chart::HelmCompat::V4,
            &mut budget,
        );
    }
});
