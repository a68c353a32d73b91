//! The native CLI twin of the browser app (see devcircuit::cli).
fn main() {
    std::process::exit(devcircuit::cli::main());
}
