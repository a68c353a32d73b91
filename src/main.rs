//! The browser app's entry point (built by Trunk for wasm32); natively it only explains itself.
//! The app lives in `devcircuit::app`.

#[cfg(target_arch = "wasm32")]
fn main() {
    devcircuit::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("devcircuit-app is the browser app: build it with `trunk build` (see README); the CLI is `devcircuit`.");
    std::process::exit(2);
}
