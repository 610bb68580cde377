//! The budgets that keep hostile or mistaken input from exhausting the machine: how much work
//! and memory one render may use, and how large a value one template function may build.
//!
//! Charts, values and profiles come from other people and run in CI on shared machines, so
//! every dimension that input controls has a limit: input file size ([`crate::input`]),
//! template steps, output size, the size of one function's result, process memory, and the
//! decompressed size of a chart's archives. Each default is far above what real charts use
//! (measured by `scripts/measure-headroom.sh` on the ten bench charts: at most 7,300 steps
//! for a whole chart, bitnami grafana-mimir, and 230 KB for one template, argo-rollouts' CRDs;
//! the defaults leave 27,000 and 1,100 times that) and far below what would hurt a CI machine.
//! Each is raised by an
//! environment variable, read once per process, and every error that a limit produces names
//! the limit and the variable.

use std::sync::OnceLock;

use crate::input::{describe_size, parse_size};

/// One configurable limit: its environment variable, default and what it bounds.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub variable: &'static str,
    pub default: u64,
    /// How the limit is named in errors ("template steps").
    pub what: &'static str,
    /// Whether the value is a size in bytes (printed with a binary unit) or a count.
    pub is_size: bool,
}

/// Template actions, range iterations and Jinja instructions one chart or one Jinja file may
/// execute.
pub const STEPS: Limit = Limit {
    variable: "CHARTROOM_MAX_STEPS",
    default: 200_000_000,
    what: "template steps",
    is_size: false,
};

/// Bytes one template output (a manifest file, an `include` or `tpl` result) may reach.
pub const OUTPUT: Limit = Limit {
    variable: "CHARTROOM_MAX_OUTPUT",
    default: 256 << 20,
    what: "template output",
    is_size: true,
};

/// Bytes (or list items) one function call may build: `repeat`, `randAlphaNum`, `until`,
/// `indent`, `printf` padding, `replace` and their kin check it before allocating.
pub const VALUE_SIZE: Limit = Limit {
    variable: "CHARTROOM_MAX_VALUE_SIZE",
    default: 64 << 20,
    what: "size of one value built by a template function",
    is_size: true,
};

/// Resident memory of the whole process while templates run, checked as values grow.
pub const MEMORY: Limit = Limit {
    variable: "CHARTROOM_MAX_MEMORY",
    default: 4 << 30,
    what: "memory",
    is_size: true,
};

/// Decompressed bytes of a chart archive together with every archive nested in it.
pub const CHART_SIZE: Limit = Limit {
    variable: "CHARTROOM_MAX_CHART_SIZE",
    default: 256 << 20,
    what: "decompressed chart size (the archive and all its sub-chart archives)",
    is_size: true,
};

const ALL: [Limit; 5] = [STEPS, OUTPUT, VALUE_SIZE, MEMORY, CHART_SIZE];

impl Limit {
    /// The value in force: the environment variable when it parses, else the default.
    pub fn get(&self) -> u64 {
        static VALUES: OnceLock<[u64; 5]> = OnceLock::new();
        let values = VALUES.get_or_init(|| {
            ALL.map(|limit| {
                std::env::var(limit.variable)
                    .ok()
                    .and_then(|text| parse_size(&text))
                    .unwrap_or(limit.default)
            })
        });
        ALL.iter()
            .position(|limit| limit.variable == self.variable)
            .map_or(self.default, |index| values[index])
    }

    /// [`Limit::get`] as a `usize`, saturating.
    pub fn get_usize(&self) -> usize {
        usize::try_from(self.get()).unwrap_or(usize::MAX)
    }

    /// "exceeds the 64 MiB limit on the size of one value built by a template function (set
    /// CHARTROOM_MAX_VALUE_SIZE to raise it)"
    pub fn exceeded(&self) -> String {
        self.exceeded_at(self.get())
    }

    /// [`Limit::exceeded`] for a limit of `value` (one set explicitly, not from the
    /// environment).
    pub fn exceeded_at(&self, value: u64) -> String {
        let amount = if self.is_size {
            describe_size(value)
        } else {
            value.to_string()
        };
        format!(
            "exceeds the {amount} limit on {} (set {} to raise it)",
            self.what, self.variable
        )
    }

    /// `Err` with [`Limit::exceeded`] when `amount` is over the limit.
    pub fn check(&self, amount: u64, subject: &str) -> Result<(), String> {
        if amount > self.get() {
            Err(format!("{subject} {}", self.exceeded()))
        } else {
            Ok(())
        }
    }
}

/// Fails when a function would build a value of `items` items of `item_size` bytes each:
/// the product overflowing counts as over the limit. `subject` names the result.
pub fn check_value_size(items: u64, item_size: u64, subject: &str) -> Result<(), String> {
    let total = items.saturating_mul(item_size.max(1));
    VALUE_SIZE.check(total, subject)
}

/// Steps a call of a function costs beyond the one step of its action: functions whose work
/// is far larger than any template action (key generation, password hashing) are charged as
/// many steps as take similar time, so that a loop over them ends at the step limit rather
/// than running for hours. A 2048-bit RSA key (what `genCA` and the certificate functions
/// make) takes tens of milliseconds, about what a million actions take, and `genPrivateKey`'s
/// default 4096-bit one several times that; the default budget allows some 40 keys or 100
/// certificates per chart (real charts make a handful).
pub fn function_cost(name: &str) -> u64 {
    match name {
        "genPrivateKey" => 5_000_000,
        "genCA" | "genSelfSignedCert" | "genSignedCert" => 2_000_000,
        "genCAWithKey" | "genSelfSignedCertWithKey" | "genSignedCertWithKey" => 100_000,
        "bcrypt" | "htpasswd" | "derivePassword" => 100_000,
        _ => 0,
    }
}

/// The process's resident memory in bytes, where the platform tells it cheaply.
pub fn resident_memory() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    // SAFETY: sysconf has no preconditions.
    let page_size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    Some(pages.saturating_mul(u64::try_from(page_size).ok()?))
}

/// `Err` naming the memory limit when the process holds more than it.
pub fn check_memory() -> Result<(), String> {
    match resident_memory() {
        Some(bytes) if bytes > MEMORY.get() => Err(format!("memory in use {}", MEMORY.exceeded())),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_limit_and_the_variable() {
        let message = VALUE_SIZE.exceeded_at(64 << 20);
        assert_eq!(
            message,
            "exceeds the 64 MiB limit on size of one value built by a template function (set CHARTROOM_MAX_VALUE_SIZE to raise it)"
        );
        assert!(STEPS
            .exceeded_at(10)
            .starts_with("exceeds the 10 limit on template steps"));
    }

    #[test]
    fn overflowing_products_are_over_the_limit() {
        assert!(check_value_size(u64::MAX, 2, "repeat").is_err());
        assert!(check_value_size(10, 10, "repeat").is_ok());
    }

    #[test]
    fn resident_memory_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(resident_memory().unwrap_or(0) > 0);
        }
    }
}
