//! The browser app's entry point (built by Trunk for wasm32); natively it only explains itself.
//! The app lives in `devcircuit::app`.

#[cfg(target_arch = "wasm32")]
extern "C" {
    /// The linker's static constructors (inventory registrations in Burn's GPU stack).
    fn __wasm_call_ctors();
}

/// Runs the static constructors once, then starts the app. Calling them explicitly stops the
/// linker from treating the module as a command, which would wrap every export (every
/// callback from the browser into wasm) in a fresh run of all constructors: about a
/// millisecond per call, and over a second for a page update with many DOM calls.
#[cfg(target_arch = "wasm32")]
fn main() {
    unsafe { __wasm_call_ctors() };
    devcircuit::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("devcircuit-app is the browser app: build it with `trunk build` (see README); the CLI is `devcircuit`.");
    std::process::exit(2);
}
