//! Which backend trains: WebGPU through burn-wgpu when the browser offers an adapter, else
//! burn-ndarray on the CPU with a notice saying why. The device starts in the training worker.

use super::RunState;
use crate::model::Device;
use js_sys::{Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Where the page trains; its name is what links and records carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "lowercase")]
pub enum BackendKind {
    Detecting,
    Cpu,
    Webgpu,
}

impl BackendKind {
    pub fn name(self) -> &'static str {
        self.into()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct BackendInfo {
    pub key: BackendKind,
    pub label: String,
    /// Why WebGPU is not used, when it is not.
    pub notice: Option<String>,
}

impl BackendInfo {
    pub fn detecting() -> Self {
        BackendInfo {
            key: BackendKind::Detecting,
            label: "detecting…".into(),
            notice: None,
        }
    }
}

/// The CPU device (burn-ndarray: about 1.5× faster than flex in wasm, TOOLCHAIN.md).
#[allow(deprecated)]
pub fn cpu() -> Device {
    Device::ndarray()
}

/// Marks WebGPU lost: later runs use the CPU.
pub fn drop_gpu(run: RunState, why: &str) {
    let why = why.lines().next().unwrap_or(why);
    run.backend.set(BackendInfo {
        key: BackendKind::Cpu,
        label: "CPU (burn-ndarray, wasm)".into(),
        notice: Some(format!("WebGPU was lost ({why}); training continues on the CPU.")),
    });
}

fn js_str(v: &JsValue, key: &str) -> String {
    Reflect::get(v, &key.into())
        .ok()
        .and_then(|x| x.as_string())
        .unwrap_or_default()
}

/// The adapter's vendor and architecture, read through JS (None without an adapter).
async fn adapter_info() -> Result<String, String> {
    let nav = web_sys::window().ok_or("no window")?.navigator();
    let gpu = Reflect::get(&nav, &"gpu".into()).map_err(|_| "navigator.gpu is missing")?;
    if gpu.is_undefined() {
        return Err("this browser does not expose WebGPU (navigator.gpu is undefined)".into());
    }
    let request = Reflect::get(&gpu, &"requestAdapter".into()).map_err(|_| "no requestAdapter")?;
    let promise: Promise = request
        .dyn_into::<js_sys::Function>()
        .map_err(|_| "requestAdapter is not a function")?
        .call0(&gpu)
        .map_err(|e| format!("requestAdapter threw {e:?}"))?
        .dyn_into()
        .map_err(|_| "requestAdapter returned no promise")?;
    let adapter = JsFuture::from(promise)
        .await
        .map_err(|e| format!("requestAdapter failed: {e:?}"))?;
    if adapter.is_null() || adapter.is_undefined() {
        return Err("the browser found no WebGPU adapter".into());
    }
    let info = Reflect::get(&adapter, &"info".into()).unwrap_or(JsValue::UNDEFINED);
    let (vendor, arch, desc) = (
        js_str(&info, "vendor"),
        js_str(&info, "architecture"),
        js_str(&info, "description"),
    );
    Ok([vendor, arch, desc]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" / "))
}

/// Chooses the backend once: `cpu=1` in the link forces the CPU.
pub async fn detect(run: RunState, force_cpu: bool) {
    if force_cpu {
        run.backend.set(BackendInfo {
            key: BackendKind::Cpu,
            label: "CPU (burn-ndarray, wasm)".into(),
            notice: Some("The link asks for the CPU backend (cpu=1).".into()),
        });
        return;
    }
    let info = match adapter_info().await {
        Ok(i) => i,
        Err(why) => {
            run.backend.set(BackendInfo {
                key: BackendKind::Cpu,
                label: "CPU (burn-ndarray, wasm)".into(),
                notice: Some(format!("WebGPU is unavailable: {why}. Training runs on the CPU.")),
            });
            return;
        }
    };
    // The device itself starts in the training worker; if it fails there, the run says so.
    run.backend.set(BackendInfo {
        key: BackendKind::Webgpu,
        label: format!("WebGPU ({info})"),
        notice: None,
    });
}
