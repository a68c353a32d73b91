//! What a test needs from outside the repository (prepared MNIST, a Vulkan driver, GNU
//! parallel, Slurm, networkx): present, or the test is skipped with the reason on the
//! terminal. `.ci/test` sets DEVCIRCUIT_REQUIRE_ALL, where a missing service fails instead.

#![allow(dead_code)] // each test file uses some of these

use std::io::Write;
use std::path::Path;
use std::process::Command;

/// True when `present`; otherwise says the test is skipped and why (written past the test
/// harness's capture, so `cargo test` shows it), or fails under DEVCIRCUIT_REQUIRE_ALL.
pub fn available(test: &str, what: &str, present: bool, how: &str) -> bool {
    if present {
        return true;
    }
    assert!(
        std::env::var_os("DEVCIRCUIT_REQUIRE_ALL").is_none(),
        "{test}: {what} is missing ({how}); .ci/test needs every service"
    );
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {what} is missing; {how}");
    false
}

pub fn mnist(test: &str) -> bool {
    let prepared = devcircuit::data::fs::data_root().join("mnist/manifest.json").exists();
    available(
        test,
        "prepared MNIST",
        prepared,
        "run .ci/setup or `devcircuit data fetch mnist`",
    )
}

fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

pub fn gnu_parallel(test: &str) -> bool {
    available(
        test,
        "GNU parallel",
        runs("parallel", &["--version"]),
        "apt-get install parallel (.ci/setup)",
    )
}

/// A single-node Slurm needs its daemons and root (they run as SlurmUser=root).
pub fn slurm(test: &str) -> bool {
    let here = runs("slurmctld", &["-V"]) && runs("munged", &["--version"]);
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"));
    available(
        test,
        "a local Slurm (slurmctld, slurmd, munge, as root)",
        here && root,
        "apt-get install slurm-wlm munge as root (.ci/setup)",
    )
}

/// A real single-node Slurm (controller, node daemon and munge on this machine, state under a
/// folder; `tests/sweep/slurm-local.sh`), stopped when dropped.
pub struct LocalSlurm {
    state: std::path::PathBuf,
    /// The SLURM_CONF its clients need.
    pub conf: String,
}

impl LocalSlurm {
    pub fn start(state: &Path) -> LocalSlurm {
        let up = Command::new("tests/sweep/slurm-local.sh")
            .args(["start", state.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(
            up.status.success(),
            "Slurm did not start: {}",
            String::from_utf8_lossy(&up.stderr)
        );
        LocalSlurm {
            state: state.to_path_buf(),
            conf: String::from_utf8_lossy(&up.stdout).trim().to_string(),
        }
    }
}

impl Drop for LocalSlurm {
    fn drop(&mut self) {
        let _ = Command::new("tests/sweep/slurm-local.sh")
            .args(["stop", self.state.to_str().unwrap()])
            .output();
    }
}

pub fn networkx(test: &str) -> bool {
    available(
        test,
        "networkx",
        runs("python3", &["-c", "import networkx"]),
        "pip install networkx (.ci/setup)",
    )
}

/// A Vulkan driver for the native wgpu backend (Mesa's lavapipe on a machine without a GPU).
pub fn vulkan(test: &str) -> bool {
    let icd = ["/usr/share/vulkan/icd.d", "/etc/vulkan/icd.d"]
        .iter()
        .any(|d| std::fs::read_dir(Path::new(d)).is_ok_and(|mut e| e.next().is_some()));
    available(
        test,
        "a Vulkan driver",
        icd,
        "apt-get install mesa-vulkan-drivers (.ci/setup)",
    )
}

/// Runs the CLI with `args`: exit code, stdout, stderr.
pub fn cli(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_devcircuit"))
        .args(args)
        .output()
        .unwrap();
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    (out.status.code().unwrap_or(-1), text(out.stdout), text(out.stderr))
}
