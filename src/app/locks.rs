//! The Web Locks API (`navigator.locks`) shared by this site's tabs: a run in training holds its
//! own lock for as long as it trains (the browser frees it when the tab closes), and a change of
//! the workspace that reads and then writes holds the workspace lock. No heartbeat, no timeout.

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Ids, the queue, imports and the one-time migration change under this lock.
pub const WORKSPACE: &str = "devcircuit.workspace";

/// The lock a run holds while it trains.
pub fn run(id: u64) -> String {
    format!("devcircuit.run.{id}")
}

/// `navigator.locks`, where the browser has it (secure contexts of current browsers).
fn manager() -> Option<JsValue> {
    let navigator = Reflect::get(&js_sys::global(), &"navigator".into()).ok()?;
    Reflect::get(&navigator, &"locks".into())
        .ok()
        .filter(|l| !l.is_undefined() && !l.is_null())
}

/// A lock this tab holds; dropping it lets the next holder have it.
pub struct Held {
    release: Function,
}

impl Drop for Held {
    fn drop(&mut self) {
        let _ = self.release.call0(&JsValue::NULL);
    }
}

/// A promise and the function that resolves it.
fn deferred() -> (Promise, Function) {
    let mut resolve = None;
    let p = Promise::new(&mut |r, _| resolve = Some(r));
    (p, resolve.unwrap_or_else(|| Function::new_no_args("")))
}

/// Waits for the exclusive lock `name` and holds it until the guard is dropped. None where the
/// browser has no Web Locks (the caller goes on without: one tab is all such a browser runs).
pub async fn acquire(name: &str) -> Option<Held> {
    let locks = manager()?;
    let (held, release) = deferred();
    let (granted, grant) = deferred();
    let on_grant = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        let _ = grant.call0(&JsValue::NULL);
        held.into()
    });
    let request: Function = Reflect::get(&locks, &"request".into()).ok()?.dyn_into().ok()?;
    request.call2(&locks, &name.into(), &on_grant).ok()?;
    JsFuture::from(granted).await.ok()?;
    Some(Held { release })
}

/// Runs `work` holding the workspace lock (see `WORKSPACE`).
pub async fn workspace<T>(work: impl std::future::Future<Output = T>) -> T {
    let _held = acquire(WORKSPACE).await;
    work.await
}

/// The names of the locks held now by any tab of this site; None without Web Locks.
pub async fn held() -> Option<Vec<String>> {
    let locks = manager()?;
    let query: Function = Reflect::get(&locks, &"query".into()).ok()?.dyn_into().ok()?;
    let snapshot = JsFuture::from(query.call0(&locks).ok()?.dyn_into::<Promise>().ok()?)
        .await
        .ok()?;
    let held: Array = Reflect::get(&snapshot, &"held".into()).ok()?.dyn_into().ok()?;
    Some(
        held.iter()
            .filter_map(|l| Reflect::get(&l, &"name".into()).ok()?.as_string())
            .collect(),
    )
}
