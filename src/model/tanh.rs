//! tanh(a + b) for the recurrent step: on the CPU backend one fused f32 pass with its own
//! backward (burn-ndarray's tanh widens to f64 and recomputes it backward); elsewhere Burn's.
// The stack names burn-ndarray for the CPU; Burn 0.22 marks it deprecated in favour of burn-flex.
#![allow(deprecated)]

use super::cpu::primitive;
use burn::backend::autodiff::checkpoint::{base::Checkpointer, strategy::NoCheckpointing};
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::ndarray::NdArrayTensor;
use burn::backend::ops::FloatTensorOps;
use burn::backend::{Autodiff, BackendTypes, DispatchDevice, GradientCheckpointingStrategy, NdArray};
use burn::tensor::Tensor;

/// Beyond this |x|, tanh(x) rounds to ±1 in f32.
const SATURATE: f32 = 10.0;
/// Below this |x| the Maclaurin series is used, above it the exponential form.
const SERIES_LIMIT: f32 = 0.55;

/// tanh(x) in f32 from +, −, ×, ÷ and bit operations only (no platform libm); within 2 ulp
/// of the correctly rounded value. NaN stays NaN.
#[inline]
fn tanh_f32(x: f32) -> f32 {
    let a = x.abs();
    let a = if a > SATURATE { SATURATE } else { a };
    let series = tanh_series(a);
    let exponential = 1.0 - 2.0 / (exp_positive(2.0 * a) + 1.0);
    let y = if a < SERIES_LIMIT { series } else { exponential };
    y.copysign(x)
}

/// x − x³/3 + 2x⁵/15 − 17x⁷/315 + … (nine terms: exact to f32 for |x| < 0.55).
#[inline]
fn tanh_series(a: f32) -> f32 {
    const C: [f32; 9] = [
        1.0,
        -1.0 / 3.0,
        2.0 / 15.0,
        -17.0 / 315.0,
        62.0 / 2835.0,
        -1382.0 / 155925.0,
        21844.0 / 6081075.0,
        -929569.0 / 638512875.0,
        6404582.0 / 10854718875.0,
    ];
    let z = a * a;
    let mut p = C[8];
    for c in C[..8].iter().rev() {
        p = p * z + c;
    }
    a * p
}

/// e^y for 0 ≤ y ≤ 2·SATURATE: y = n·ln2 + r with |r| ≤ ln2/2, e^r by its Taylor series,
/// 2^n built in the exponent bits. No float-to-int cast, so the loop vectorises.
#[inline]
fn exp_positive(y: f32) -> f32 {
    const LN2_HI: f32 = 0.693_145_75;
    const LN2_LO: f32 = 1.428_606_8e-6;
    // Adding 1.5·2^23 rounds to the nearest integer, which lands in the low mantissa bits.
    const SHIFT: f32 = 12_582_912.0;
    const INV_FACT: [f32; 9] = [
        1.0,
        1.0,
        1.0 / 2.0,
        1.0 / 6.0,
        1.0 / 24.0,
        1.0 / 120.0,
        1.0 / 720.0,
        1.0 / 5040.0,
        1.0 / 40320.0,
    ];
    let k = y * core::f32::consts::LOG2_E + SHIFT;
    let n = k - SHIFT;
    let r = (y - n * LN2_HI) - n * LN2_LO;
    let mut p = INV_FACT[8];
    for c in INV_FACT[..8].iter().rev() {
        p = p * r + c;
    }
    p * f32::from_bits(k.to_bits().wrapping_sub(SHIFT.to_bits()).wrapping_add(127) << 23)
}

/// tanh(a + b) of two CPU tensors of one shape, written over `b` when it is not shared.
fn tanh_sum_ndarray(a: NdArrayTensor, b: NdArrayTensor) -> NdArrayTensor {
    match (a, b) {
        (NdArrayTensor::F32(a), NdArrayTensor::F32(b)) => {
            let mut out = b.into_owned();
            out.zip_mut_with(&a.view(), |o, &a| *o = tanh_f32(a + *o));
            NdArrayTensor::from(out)
        }
        (a, b) => NdArray::float_tanh(NdArray::float_add(a, b)),
    }
}

/// grad · (1 − y²), with y the forward output.
fn tanh_grad_ndarray(grad: NdArrayTensor, y: NdArrayTensor) -> NdArrayTensor {
    match (grad, y) {
        (NdArrayTensor::F32(g), NdArrayTensor::F32(y)) => {
            let mut g = g.into_owned();
            g.zip_mut_with(&y.view(), |g, &y| *g *= 1.0 - y * y);
            NdArrayTensor::from(g)
        }
        (grad, y) => {
            let one_minus =
                NdArray::float_add_scalar(NdArray::float_neg(NdArray::float_mul(y.clone(), y)), 1f32.into());
            NdArray::float_mul(grad, one_minus)
        }
    }
}

/// The backward step: keeps the output y, so nothing is recomputed; both summands receive
/// the same gradient.
#[derive(Debug)]
struct TanhSumBackward;

impl Backward<NdArray, 2> for TanhSumBackward {
    type State = NdArrayTensor;

    fn backward(self, ops: Ops<Self::State, 2>, grads: &mut Gradients, _: &mut Checkpointer) {
        let dz = tanh_grad_ndarray(grads.consume::<NdArray>(&ops.node), ops.state);
        for parent in ops.parents.into_iter().flatten() {
            grads.register::<NdArray>(parent.id, dz.clone());
        }
    }
}

type AutodiffTensor = <Autodiff<NdArray> as BackendTypes>::FloatTensorPrimitive;

fn tanh_sum_tracked(a: AutodiffTensor, b: AutodiffTensor) -> AutodiffTensor {
    let (a, node_a) = a.into_parts();
    let (b, node_b) = b.into_parts();
    match TanhSumBackward
        .prepare::<NoCheckpointing>([node_a, node_b])
        .compute_bound()
        .stateful()
    {
        OpsKind::Tracked(prep) => {
            let y = tanh_sum_ndarray(a, b);
            prep.finish(y.clone(), y)
        }
        OpsKind::UnTracked(prep) => prep.finish(tanh_sum_ndarray(a, b)),
    }
}

/// tanh(a + b) for two tensors of one shape on one device: one fused f32 pass on the CPU
/// backend (with or without autodiff), Burn's own ops on any other device.
pub fn tanh_sum<const D: usize>(a: Tensor<D>, b: Tensor<D>) -> Tensor<D> {
    let device = a.device();
    if a.dims() != b.dims() || b.device() != device {
        return (a + b).tanh();
    }
    match device.as_dispatch() {
        DispatchDevice::NdArray(_) => {
            Tensor::from_primitive::<NdArray>(tanh_sum_ndarray(primitive::<NdArray, D>(a), primitive::<NdArray, D>(b)))
        }
        DispatchDevice::Autodiff(d)
            if matches!(**d, DispatchDevice::NdArray(_))
                && d.gradient_checkpointing_strategy() == GradientCheckpointingStrategy::Disabled =>
        {
            Tensor::from_primitive::<Autodiff<NdArray>>(tanh_sum_tracked(
                primitive::<Autodiff<NdArray>, D>(a),
                primitive::<Autodiff<NdArray>, D>(b),
            ))
        }
        _ => (a + b).tanh(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::tensor::{Device, TensorData};

    fn ulps(a: f32, b: f32) -> i64 {
        (a.to_bits() as i32 as i64 - b.to_bits() as i32 as i64).abs()
    }

    #[test]
    fn within_two_ulp_of_correctly_rounded_tanh() {
        let mut worst = 0;
        let mut x = -12.0f32;
        while x < 12.0 {
            worst = worst.max(ulps(tanh_f32(x), (x as f64).tanh() as f32));
            x += 1.0e-4 + x.abs() * 1.0e-4;
        }
        assert!(worst <= 2, "worst error {worst} ulp");
        assert!(tanh_f32(f32::NAN).is_nan());
        assert_eq!(tanh_f32(f32::INFINITY), 1.0);
        assert_eq!(tanh_f32(-30.0), -1.0);
        assert_eq!(tanh_f32(-0.0).to_bits(), (-0.0f32).to_bits());
        assert_eq!(tanh_f32(1.0e-30), 1.0e-30);
    }

    fn input(device: &Device, scale: f32) -> Tensor<2> {
        let v: Vec<f32> = (0..24).map(|i| (i as f32 - 11.5) * scale).collect();
        Tensor::from_data(TensorData::new(v, [4, 6]), device)
    }

    fn values(t: Tensor<2>) -> Vec<f32> {
        t.into_data().to_vec::<f32>().unwrap()
    }

    #[test]
    fn value_and_gradients_match_burns_tanh_of_a_sum() {
        let device = Device::ndarray().autodiff();
        let weights = Tensor::<2>::from_data(
            TensorData::new((0..24).map(|i| 1.0 + i as f32 * 0.1).collect::<Vec<f32>>(), [4, 6]),
            &device,
        );
        let run = |ours: bool| {
            let a = input(&device, 0.37).require_grad();
            let b = input(&device, -0.21).require_grad();
            let y = if ours {
                tanh_sum(a.clone(), b.clone())
            } else {
                (a.clone() + b.clone()).tanh()
            };
            let grads = (y.clone() * weights.clone()).sum().backward();
            [
                values(y.inner()),
                values(a.grad(&grads).unwrap()),
                values(b.grad(&grads).unwrap()),
            ]
        };
        let (ours, burns) = (run(true), run(false));
        for (x, y) in ours.iter().flatten().zip(burns.iter().flatten()) {
            assert!((x - y).abs() <= 1.0e-6, "{x} vs {y}");
        }
        let plain = values(tanh_sum(
            input(&Device::ndarray(), 0.37),
            input(&Device::ndarray(), -0.21),
        ));
        assert_eq!(plain, ours[0], "with and without autodiff");
    }
}
