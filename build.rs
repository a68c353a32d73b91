//! Records the git commit the code was built from (and whether the tree was modified), so every
//! record, result file and Methods paragraph names the code that produced it.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn main() {
    println!("cargo:rerun-if-changed=.git/HEAD");
    println!("cargo:rerun-if-changed=.git/index");
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.toml");
    println!("cargo:rerun-if-env-changed=DEVCIRCUIT_GIT");
    let described = std::env::var("DEVCIRCUIT_GIT").ok().or_else(|| {
        let commit = git(&["rev-parse", "--short=12", "HEAD"])?;
        let changed = git(&[
            "status",
            "--porcelain",
            "--untracked-files=no",
            "--",
            "src",
            "Cargo.toml",
            "Cargo.lock",
        ])?;
        Some(if changed.is_empty() {
            commit
        } else {
            format!("{commit}.modified")
        })
    });
    println!(
        "cargo:rustc-env=DEVCIRCUIT_GIT={}",
        described.unwrap_or_else(|| "unknown".into())
    );
}
