//! Reaching the CPU backend under Burn's dispatch: a tensor's concrete primitive, for the
//! fused kernels in `tanh.rs` and `adam.rs`.

use burn::backend::{Backend, DispatchKindConversion, DispatchTensor};
use burn::tensor::{BackendPrimitive, Float, Tensor};

/// The backend primitive of a tensor whose device was just matched to `B`.
pub fn primitive<B: Backend, const D: usize>(t: Tensor<D>) -> <Float as BackendPrimitive<B>>::Primitive
where
    DispatchTensor: DispatchKindConversion<B>,
{
    match t.try_into_primitive::<B>() {
        Ok(p) => p,
        Err(e) => unreachable!("a tensor on this device has this backend's primitive: {e:?}"),
    }
}
