//! Kubernetes JSON schemas fetched over HTTP(S), for schema locations given as URLs
//! (`--schema-location https://host/{{ .NormalizedKubernetesVersion }}/...`), kept in an
//! on-disk cache so that later runs, and runs with `--offline`, need no network.
//!
//! Only this module talks to schema servers, and only when a location is a URL: the
//! [`SchemaFetcher`] is created for such locations alone and builds its HTTP client on the
//! first request. Every answer is remembered for the run (profiles are checked in parallel
//! and share one fetcher), and written to the cache directory:
//!
//! * `<sha256 of the URL>.json`: the schema a URL served. Schemas of one Kubernetes version
//!   do not change, so a cached schema is used without asking the server again.
//! * `<sha256 of the URL>.absent`: the URL answered 404 (or 410), "no schema here". Online
//!   runs ask again once such a marker is a day old; `--offline` runs trust it.
//!
//! Files are written to a temporary name in the cache directory and renamed into place, so
//! a run that is killed leaves either the whole schema or nothing. A cache that cannot be
//! written costs a warning, not the check.
//!
//! The client (ureq, rustls with the bundled Mozilla roots) honours `HTTPS_PROXY`,
//! `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY`, follows redirects, gives up on connecting
//! after 10 seconds and on a whole request after 60 (`CHARTROOM_HTTP_TIMEOUT` sets the
//! latter, in seconds), and reads at most the input size limit of [`crate::input`]. When a
//! host cannot be reached (no connection, a timeout), later URLs of the same host fail at
//! once with the same reason rather than each waiting out its own timeout.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

/// The environment variable naming chartroom's cache directory; schemas go to its
/// `schemas/` subdirectory.
pub const CACHE_DIR_VARIABLE: &str = "CHARTROOM_CACHE_DIR";

/// The environment variable setting how long one request may take, in seconds.
pub const TIMEOUT_VARIABLE: &str = "CHARTROOM_HTTP_TIMEOUT";

/// How long a request may take when [`TIMEOUT_VARIABLE`] is not set.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// How long connecting (DNS, TCP, proxy, TLS) may take, at most the whole timeout.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How old an "absent" marker may be before an online run asks the server again.
const ABSENT_RECHECK: Duration = Duration::from_secs(24 * 60 * 60);

/// Whether a schema location is a URL (fetched) rather than a directory or path template.
pub fn is_url(location: &str) -> bool {
    let lower = location.get(..8).unwrap_or(location).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Why a schema URL gave no schema. Cloned, since one answer serves every object of a kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// The server answered with an error status other than "not found".
    #[error("cannot fetch schema {url}: the server answered {status}")]
    Status { url: String, status: String },
    /// No answer: the connection failed or timed out, or the response broke off.
    #[error("cannot fetch schema {url}: {reason}")]
    Transport { url: String, reason: String },
    /// An earlier request to the same host failed to connect or timed out.
    #[error("cannot fetch schema {url}: not tried, {host} failed earlier in this run: {reason}")]
    HostFailed {
        url: String,
        host: String,
        reason: String,
    },
    /// The body is larger than the input size limit.
    #[error(
        "cannot fetch schema {url}: it is larger than the {limit} limit on input files (set {variable}, e.g. {variable}=256Mi, to raise it)",
        variable = crate::input::MAX_FILE_SIZE_VARIABLE
    )]
    TooLarge { url: String, limit: String },
    /// The body is not UTF-8 text.
    #[error("cannot fetch schema {url}: the answer is not UTF-8 text")]
    NotText { url: String },
    /// `--offline`, and the cache holds no answer for the URL.
    #[error("schema {url} is not in the cache ({cache}) and --offline forbids fetching it: run once without --offline to fill the cache")]
    NotCached { url: String, cache: String },
    /// A cached schema exists but cannot be read.
    #[error("cannot read cached schema {path} (of {url}): {reason}")]
    CacheRead {
        url: String,
        path: String,
        reason: String,
    },
}

/// What a URL answered: the schema text, or `None` for "no schema here" (404).
pub type Answer = Option<Arc<str>>;

type Slot = Arc<OnceLock<Result<Answer, FetchError>>>;

/// Fetches schema URLs through the on-disk cache; shared by every check of a run.
pub struct SchemaFetcher {
    offline: bool,
    /// Where answers are kept; `None` when no cache directory can be found (no `HOME`).
    cache: Option<PathBuf>,
    timeout: Duration,
    agent: OnceLock<ureq::Agent>,
    /// One slot per URL, filled once: parallel checks of the same kind wait for one request.
    answers: Mutex<HashMap<String, Slot>>,
    /// Hosts that could not be reached, with the reason.
    failed_hosts: Mutex<HashMap<String, String>>,
    warnings: Mutex<Vec<String>>,
}

impl std::fmt::Debug for SchemaFetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SchemaFetcher")
            .field("offline", &self.offline)
            .field("cache", &self.cache)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl SchemaFetcher {
    /// A fetcher with the cache directory and timeout of the environment.
    pub fn from_environment(offline: bool) -> SchemaFetcher {
        SchemaFetcher::new(offline, default_cache_dir(), timeout_from_environment())
    }

    /// A fetcher keeping answers in `cache` (none: nothing is kept) that gives up on a
    /// request after `timeout`.
    pub fn new(offline: bool, cache: Option<PathBuf>, timeout: Duration) -> SchemaFetcher {
        SchemaFetcher {
            offline,
            cache,
            timeout,
            agent: OnceLock::new(),
            answers: Mutex::new(HashMap::new()),
            failed_hosts: Mutex::new(HashMap::new()),
            warnings: Mutex::new(Vec::new()),
        }
    }

    /// The schema at `url`: from this run's answers, the cache, or the server.
    pub fn fetch(&self, url: &str) -> Result<Answer, FetchError> {
        let slot = lock(&self.answers)
            .entry(url.to_string())
            .or_default()
            .clone();
        slot.get_or_init(|| self.answer(url)).clone()
    }

    /// The warnings so far (a cache that could not be written), each once.
    pub fn take_warnings(&self) -> Vec<String> {
        std::mem::take(&mut *lock(&self.warnings))
    }

    fn answer(&self, url: &str) -> Result<Answer, FetchError> {
        let entry = self
            .cache
            .as_deref()
            .map(|directory| CacheEntry::of(directory, url));
        if let Some(entry) = &entry {
            match entry.read(url)? {
                Cached::Schema(text) => return Ok(Some(text)),
                Cached::Absent(age) if self.offline || age < ABSENT_RECHECK => return Ok(None),
                Cached::Absent(_) | Cached::Nothing => {}
            }
        }
        if self.offline {
            return Err(FetchError::NotCached {
                url: url.to_string(),
                cache: match &self.cache {
                    Some(directory) => directory.display().to_string(),
                    None => format!("no cache directory: set {CACHE_DIR_VARIABLE}"),
                },
            });
        }
        let answer = self.download(url)?;
        if let Some(entry) = &entry {
            if let Err(error) = entry.write(answer.as_deref()) {
                lock(&self.warnings).push(format!(
                    "cannot cache schema {url} in {}: {error}",
                    entry.directory.display()
                ));
            }
        }
        Ok(answer)
    }

    /// One request, unless the URL's host already failed in this run.
    fn download(&self, url: &str) -> Result<Answer, FetchError> {
        let host = host_of(url);
        if let Some(reason) = lock(&self.failed_hosts).get(&host) {
            return Err(FetchError::HostFailed {
                url: url.to_string(),
                host,
                reason: reason.clone(),
            });
        }
        let result = self.request(url);
        if let Err(FetchError::Transport { reason, .. }) = &result {
            lock(&self.failed_hosts)
                .entry(host)
                .or_insert_with(|| reason.clone());
        }
        result
    }

    fn request(&self, url: &str) -> Result<Answer, FetchError> {
        let agent = self.agent.get_or_init(|| build_agent(self.timeout));
        let transport = |error: ureq::Error| FetchError::Transport {
            url: url.to_string(),
            reason: describe_error(&error, self.timeout),
        };
        let mut response = agent.get(url).call().map_err(transport)?;
        let status = response.status();
        if status == ureq::http::StatusCode::NOT_FOUND || status == ureq::http::StatusCode::GONE {
            return Ok(None);
        }
        if !status.is_success() {
            return Err(FetchError::Status {
                url: url.to_string(),
                status: status.to_string(),
            });
        }
        let limit = crate::input::max_file_bytes();
        let bytes = response
            .body_mut()
            .with_config()
            .limit(limit)
            .read_to_vec()
            .map_err(|error| match error {
                ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge {
                    url: url.to_string(),
                    limit: crate::input::describe_size(limit),
                },
                other => transport(other),
            })?;
        let text = String::from_utf8(bytes).map_err(|_| FetchError::NotText {
            url: url.to_string(),
        })?;
        Ok(Some(Arc::from(text)))
    }
}

/// The HTTP client: error statuses returned as responses (a 404 is an answer), the timeouts,
/// proxies from the environment (ureq's default configuration reads them).
fn build_agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .timeout_connect(Some(CONNECT_TIMEOUT.min(timeout)))
        .user_agent(concat!("chartroom/", env!("CARGO_PKG_VERSION")))
        .build()
        .new_agent()
}

/// A transport error in words, saying which timeout ran out and how to change it.
fn describe_error(error: &ureq::Error, timeout: Duration) -> String {
    match error {
        ureq::Error::Timeout(ureq::Timeout::Connect) => format!(
            "could not connect within {}",
            seconds(CONNECT_TIMEOUT.min(timeout))
        ),
        ureq::Error::Timeout(_) => format!(
            "no complete answer within {} (set {TIMEOUT_VARIABLE} to the seconds to wait)",
            seconds(timeout)
        ),
        other => other.to_string(),
    }
}

/// `60 s`, `0.5 s`.
fn seconds(duration: Duration) -> String {
    format!("{} s", duration.as_secs_f64())
}

/// `https://host:port` of a URL: the unit that fails as a whole.
fn host_of(url: &str) -> String {
    let after_scheme = url.find("://").map_or(0, |index| index + 3);
    let end = url[after_scheme..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |index| after_scheme + index);
    url[..end].to_ascii_lowercase()
}

/// The URL of a file beside `url` (same directory), e.g. the `_definitions.json` a schema
/// refers to.
pub fn sibling_url(url: &str, name: &str) -> String {
    let path_end = url.find(['?', '#']).unwrap_or(url.len());
    let directory = url[..path_end]
        .rfind('/')
        .map_or(path_end, |slash| slash + 1);
    format!("{}{name}", &url[..directory])
}

/// The request timeout: [`TIMEOUT_VARIABLE`] when it is a positive number of seconds,
/// otherwise [`DEFAULT_TIMEOUT`].
pub fn timeout_from_environment() -> Duration {
    std::env::var(TIMEOUT_VARIABLE)
        .ok()
        .and_then(|text| text.trim().parse::<f64>().ok())
        .filter(|seconds| seconds.is_finite() && *seconds > 0.0)
        .map(Duration::from_secs_f64)
        .unwrap_or(DEFAULT_TIMEOUT)
}

/// Where fetched schemas are kept: `$CHARTROOM_CACHE_DIR/schemas`, else
/// `$XDG_CACHE_HOME/chartroom/schemas` (an absolute `XDG_CACHE_HOME` only, as the XDG
/// specification asks), else `~/.cache/chartroom/schemas`.
pub fn default_cache_dir() -> Option<PathBuf> {
    Some(chartroom_cache_dir()?.join("schemas"))
}

/// The directory `scripts/install-kubernetes-schemas.sh` installs the Kubernetes JSON schemas
/// of the pinned versions into, beside the fetched ones: `kubernetes-json-schema` in the same
/// cache directory. Checks use it when no `--schema-location` is given and it exists, so
/// `validate` checks every object offline once the schemas are installed.
pub fn installed_schema_dir() -> Option<PathBuf> {
    let directory = chartroom_cache_dir()?.join("kubernetes-json-schema");
    directory.is_dir().then_some(directory)
}

/// `$CHARTROOM_CACHE_DIR`, else `$XDG_CACHE_HOME/chartroom`, else `~/.cache/chartroom`.
fn chartroom_cache_dir() -> Option<PathBuf> {
    let variable = |name: &str| std::env::var_os(name).filter(|value| !value.is_empty());
    if let Some(directory) = variable(CACHE_DIR_VARIABLE) {
        return Some(PathBuf::from(directory));
    }
    let base = variable("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|path| path.is_absolute())
        .or_else(|| variable("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
    Some(base.join("chartroom"))
}

/// What the cache holds for one URL.
enum Cached {
    Schema(Arc<str>),
    /// The URL answered "not found", this long ago.
    Absent(Duration),
    Nothing,
}

/// The cache files of one URL.
struct CacheEntry<'a> {
    directory: &'a Path,
    schema: PathBuf,
    absent: PathBuf,
}

impl CacheEntry<'_> {
    fn of<'a>(directory: &'a Path, url: &str) -> CacheEntry<'a> {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(url.as_bytes());
        let key: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
        CacheEntry {
            directory,
            schema: directory.join(format!("{key}.json")),
            absent: directory.join(format!("{key}.absent")),
        }
    }

    fn read(&self, url: &str) -> Result<Cached, FetchError> {
        match crate::input::read_to_string(&self.schema) {
            Ok(text) => return Ok(Cached::Schema(Arc::from(text))),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => {
                return Err(FetchError::CacheRead {
                    url: url.to_string(),
                    path: self.schema.display().to_string(),
                    reason: error.to_string(),
                })
            }
        }
        Ok(match std::fs::metadata(&self.absent) {
            Ok(metadata) => Cached::Absent(
                metadata
                    .modified()
                    .ok()
                    .and_then(|modified| SystemTime::now().duration_since(modified).ok())
                    .unwrap_or_default(),
            ),
            Err(_) => Cached::Nothing,
        })
    }

    /// Keeps an answer: the schema, or the marker for "not found".
    fn write(&self, answer: Option<&str>) -> std::io::Result<()> {
        std::fs::create_dir_all(self.directory)?;
        let (path, content) = match answer {
            Some(text) => (&self.schema, text.as_bytes()),
            None => (&self.absent, &b""[..]),
        };
        let mut file = tempfile::Builder::new()
            .prefix(".fetch-")
            .suffix(".part")
            .tempfile_in(self.directory)?;
        file.write_all(content)?;
        file.as_file().sync_all()?;
        file.persist(path).map_err(|error| error.error)?;
        if answer.is_some() {
            // A schema that appeared where there was none: forget the old "not found".
            let _ = std::fs::remove_file(&self.absent);
        }
        Ok(())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_paths_and_split() {
        assert!(is_url("https://example.com/x"));
        assert!(is_url("HTTP://example.com"));
        assert!(!is_url("/schemas/{{ .ResourceKind }}.json"));
        assert!(!is_url("httpd/schemas"));
        assert_eq!(
            host_of("https://Example.com:8443/a/b.json?x=1"),
            "https://example.com:8443"
        );
        assert_eq!(host_of("http://127.0.0.1:80"), "http://127.0.0.1:80");
        assert_eq!(
            sibling_url("https://h/v1.31.0-local/pod-v1.json", "_definitions.json"),
            "https://h/v1.31.0-local/_definitions.json"
        );
        assert_eq!(
            sibling_url("https://h/s/pod.json?ref=main", "_definitions.json"),
            "https://h/s/_definitions.json"
        );
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(seconds(DEFAULT_TIMEOUT), "60 s");
    }

    /// Answers written to the cache are read back, "not found" included, and offline runs
    /// name the URL the cache lacks.
    #[test]
    fn the_cache_keeps_schemas_and_absences() {
        let directory = tempfile::tempdir().unwrap();
        let cache = directory.path().join("schemas");
        let url = "https://schemas.invalid/pod-v1.json";
        let entry = CacheEntry::of(&cache, url);
        entry.write(Some("{\"type\": \"object\"}")).unwrap();
        let missing = "https://schemas.invalid/widget-v1.json";
        CacheEntry::of(&cache, missing).write(None).unwrap();
        let leftovers = std::fs::read_dir(&cache)
            .unwrap()
            .filter(|file| {
                let name = file.as_ref().unwrap().file_name();
                name.to_string_lossy().ends_with(".part")
            })
            .count();
        assert_eq!(leftovers, 0);

        let fetcher = SchemaFetcher::new(true, Some(cache.clone()), DEFAULT_TIMEOUT);
        assert_eq!(
            fetcher.fetch(url).unwrap().as_deref(),
            Some("{\"type\": \"object\"}")
        );
        assert_eq!(fetcher.fetch(missing).unwrap(), None);
        let error = fetcher
            .fetch("https://schemas.invalid/other.json")
            .unwrap_err();
        assert!(
            matches!(&error, FetchError::NotCached { url, .. } if url == "https://schemas.invalid/other.json"),
            "{error}"
        );
        assert!(error.to_string().contains(&cache.display().to_string()));
    }
}
