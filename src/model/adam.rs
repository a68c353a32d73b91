//! Adam with Burn's exact arithmetic, fused into one pass per parameter on the CPU backend
//! (Burn's Adam makes about twelve tensors per step); Burn's own Adam on any other device.
// The stack names burn-ndarray for the CPU; Burn 0.22 marks it deprecated in favour of burn-flex.
#![allow(deprecated)]

use super::cpu::primitive;
use burn::backend::ndarray::NdArrayTensor;
use burn::backend::{DispatchDevice, NdArray};
use burn::optim::{Adam, AdamConfig, AdamState, AdaptiveMomentumState, LearningRate, ModuleOptimizer, Optimizer};
use burn::tensor::{DType, Device, Tensor};

/// Burn's defaults for Adam (the test below checks they still are), no AMSGrad or decay.
const BETA_1: f32 = 0.9;
const BETA_2: f32 = 0.999;
const EPSILON: f32 = 1e-5;

/// Burn's `Adam` for other devices, and the constants of the fused CPU pass.
#[derive(Clone)]
pub struct FusedAdam {
    burn: Adam,
    beta_1: f32,
    beta_2: f32,
    epsilon: f32,
}

/// The optimizer the training loop uses.
pub fn adam() -> ModuleOptimizer {
    let config = AdamConfig::new()
        .with_beta_1(BETA_1)
        .with_beta_2(BETA_2)
        .with_epsilon(EPSILON);
    ModuleOptimizer::from(FusedAdam {
        burn: config.build(),
        beta_1: BETA_1,
        beta_2: BETA_2,
        epsilon: EPSILON,
    })
}

fn on_cpu<const D: usize>(t: &Tensor<D>) -> bool {
    matches!(t.device().as_dispatch(), DispatchDevice::NdArray(_)) && t.dtype() == DType::F32
}

impl Optimizer for FusedAdam {
    type State<const D: usize> = AdamState<D>;

    fn step<const D: usize>(
        &self,
        lr: LearningRate,
        tensor: Tensor<D>,
        grad: Tensor<D>,
        state: Option<Self::State<D>>,
    ) -> (Tensor<D>, Option<Self::State<D>>) {
        let fusable = on_cpu(&tensor)
            && on_cpu(&grad)
            && state.as_ref().is_none_or(|s| {
                on_cpu(&s.momentum.moment_1) && on_cpu(&s.momentum.moment_2) && s.momentum.max_moment_2.is_none()
            });
        if !fusable {
            return self.burn.step(lr, tensor, grad, state);
        }
        let (time, moments) = match state {
            Some(s) => (
                s.momentum.time + 1,
                Some((
                    primitive::<NdArray, D>(s.momentum.moment_1),
                    primitive::<NdArray, D>(s.momentum.moment_2),
                )),
            ),
            None => (1, None),
        };
        let [w, m, v] = self
            .fused(
                lr,
                primitive::<NdArray, D>(tensor),
                primitive::<NdArray, D>(grad),
                moments,
                time,
            )
            .map(Tensor::from_primitive::<NdArray>);
        (w, Some(AdamState::new(AdaptiveMomentumState::new(time, m, v))))
    }

    fn to_device<const D: usize>(state: Self::State<D>, device: &Device) -> Self::State<D> {
        <Adam as Optimizer>::to_device(state, device)
    }
}

/// An owned f32 buffer in standard (row-major, contiguous) layout.
macro_rules! standard {
    ($storage:expr) => {{
        let mut a = $storage.into_owned();
        if !a.is_standard_layout() {
            a = a.as_standard_layout().into_owned().into_shared();
        }
        a
    }};
}

impl FusedAdam {
    /// [w, m, v] after step `time` (from 1), in the order and f32 rounding of Burn's Adam:
    /// m = m·β₁ + g·(1−β₁), v = v·β₂ + g²·(1−β₂), w = w − (m·c)/(√v + ε·b)·lr.
    fn fused(
        &self,
        lr: LearningRate,
        w: NdArrayTensor,
        g: NdArrayTensor,
        moments: Option<(NdArrayTensor, NdArrayTensor)>,
        time: usize,
    ) -> [NdArrayTensor; 3] {
        let (b1, b2) = (self.beta_1, self.beta_2);
        let correction = (1.0 - b2.powi(time as i32)).sqrt();
        let combined = correction / (1.0 - b1.powi(time as i32));
        let eps = self.epsilon * correction;
        let lr = lr as f32;
        let (NdArrayTensor::F32(w), NdArrayTensor::F32(g)) = (w, g) else {
            unreachable!("checked: f32 buffers")
        };
        let (m, v, first) = match moments {
            Some((NdArrayTensor::F32(m), NdArrayTensor::F32(v))) => (m, v, false),
            None => (g.clone(), g.clone(), true), // buffers to overwrite
            _ => unreachable!("checked: f32 buffers"),
        };
        let (mut w, mut m, mut v) = (standard!(w), standard!(m), standard!(v));
        let g = g.view();
        let g = g.as_standard_layout();
        let slices = (w.as_slice_mut(), g.as_slice(), m.as_slice_mut(), v.as_slice_mut());
        let (Some(ws), Some(gs), Some(ms), Some(vs)) = slices else {
            unreachable!("standard layout")
        };
        for (((w, &g), m), v) in ws.iter_mut().zip(gs).zip(ms.iter_mut()).zip(vs.iter_mut()) {
            (*m, *v) = match first {
                true => (g * (1.0 - b1), (g * g) * (1.0 - b2)),
                false => (*m * b1 + g * (1.0 - b1), *v * b2 + (g * g) * (1.0 - b2)),
            };
            *w -= (*m * combined) / (v.sqrt() + eps) * lr;
        }
        [NdArrayTensor::from(w), NdArrayTensor::from(m), NdArrayTensor::from(v)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Reservoir, Shape};
    use crate::model::{Spec, TrainMode};
    use burn::optim::GradientsParams;
    use burn::tensor::TensorData;

    /// Parameters after a few Adam steps on a small reservoir, by either optimizer.
    fn spec(train: TrainMode, inputs: Option<Vec<usize>>, readout: Option<Vec<usize>>) -> Spec {
        Spec {
            leak: 1.0,
            shape: Shape {
                input: 6,
                hidden: 4,
                classes: 3,
                steps: 2,
            },
            train,
            input_scale: 1.0,
            inputs,
            readout,
            seed: 3,
            units: None,
        }
    }

    fn train(fused: bool) -> Vec<Vec<f32>> {
        train_spec(fused, &spec(TrainMode::All, None, None))
    }

    fn train_spec(fused: bool, spec: &Spec) -> Vec<Vec<f32>> {
        let device = Device::ndarray().autodiff();
        let w_rec: Vec<f64> = (0..16).map(|i| ((i * 7) % 5) as f64 * 0.1 - 0.2).collect();
        let mut model = Reservoir::new(spec, &w_rec, &device);
        let mut optim = if fused { adam() } else { AdamConfig::new().init() };
        for step in 0..4 {
            let x: Vec<f32> = (0..12).map(|i| ((i + step) % 7) as f32 * 0.3 - 0.9).collect();
            let x = Tensor::<2>::from_data(TensorData::new(x, [2, 6]), &device);
            let loss = model.forward(x, crate::model::Encoding::Whole, 2).powi_scalar(2).sum();
            let grads = GradientsParams::from_grads(loss.backward(), &model);
            model = optim.step(1e-2, model, grads);
        }
        let w = pollster::block_on(model.weights()).unwrap();
        vec![w.w_in, w.b_in, w.w_rec, w.w_out, w.b_out]
    }

    #[test]
    fn fused_steps_equal_burns_adam_bit_for_bit() {
        let (ours, burns) = (train(true), train(false));
        assert_eq!(ours, burns);
        let start = train_steps_zero();
        assert_ne!(ours[0], start, "the steps moved W_in");
    }

    fn train_steps_zero() -> Vec<f32> {
        let device = Device::ndarray();
        let w_rec = vec![0.0; 16];
        let model = Reservoir::new(&spec(TrainMode::All, None, None), &w_rec, &device);
        pollster::block_on(model.weights()).unwrap().w_in
    }

    #[test]
    fn readout_only_keeps_w_in_and_masks_keep_unselected_neurons_out() {
        let start = train_steps_zero();
        let readout_only = train_spec(true, &spec(TrainMode::Readout, None, None));
        assert_eq!(readout_only[0], start, "W_in moved in a readout-only run");
        assert_ne!(
            readout_only[3],
            train_spec(true, &spec(TrainMode::Readout, None, Some(vec![0])))[3]
        );
        // Input only into neuron 1: every other column of W_in (hidden = 4) is zero and stays zero.
        let masked = train_spec(true, &spec(TrainMode::InputReadout, Some(vec![1]), Some(vec![2, 3])));
        for (k, v) in masked[0].iter().enumerate() {
            assert_eq!(*v == 0.0, k % 4 != 1, "W_in[{k}] = {v}");
        }
        // Readout from neurons 2 and 3 only: W_out rows 0 and 1 (3 classes each) get no gradient.
        let w_out0 = train_spec(false, &spec(TrainMode::InputReadout, Some(vec![1]), Some(vec![2, 3])))[3].clone();
        assert_eq!(&masked[3][..6], &w_out0[..6]);
    }
}
