//! The one source of randomness: a counter-based generator keyed by (seed, id, step, purpose).
//! Each key gives an independent stream, so adding a draw never reshuffles the others.

/// What a stream of random numbers is used for; part of its key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Purpose {
    CellOrder = 1,
    Asymmetric = 3,
    Migration = 4,
    Death = 5,
    Synapse = 6,
    Inhibitory = 7,
    Baseline = 8,
    AsyncUpdate = 9,
    Attractor = 10,
    DataOrder = 11,
    ModelInit = 12,
    Placement = 13,
    /// Input signals of the reservoir tasks.
    TaskSignal = 14,
    /// Input weights of the reservoir tasks and readout-only training.
    TaskInput = 15,
    /// The second initial state of the echo-state check.
    EchoState = 16,
    /// The fixed pixel permutation of the `permuted` encoding.
    Permutation = 17,
    /// The noise that drives the plasticity phase.
    Plasticity = 18,
    /// The samples and mutations of an evolutionary search.
    Evolve = 19,
    /// The wiring of the reference reservoirs (cycle order, orthogonal, ESN, Dale-sparse).
    Reference = 20,
    Test = 99,
}

/// SplitMix64 finaliser: a bijective avalanche mix of one word.
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A deterministic stream of random numbers for one key; draw `n` is `mix(key, n)`.
#[derive(Clone, Debug)]
pub struct Stream {
    key: u64,
    counter: u64,
}

impl Stream {
    pub fn new(seed: u64, id: u64, step: u64, purpose: Purpose) -> Self {
        let mut key = mix64(seed ^ 0x5851_f42d_4c95_7f2d);
        for word in [id, step, purpose as u64] {
            key = mix64(key ^ word.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        }
        Stream { key, counter: 0 }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.counter += 1;
        mix64(self.key.wrapping_add(self.counter.wrapping_mul(0x9e37_79b9_7f4a_7c15)))
    }

    /// Uniform in [0, 1) with 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform integer in [0, n) without modulo bias (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let x = self.next_u64();
            if x < zone {
                return x % n;
            }
        }
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Standard normal by Box-Muller with libm, identical on every platform.
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * core::f64::consts::PI * u2)
    }

    /// Fisher-Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }

    /// Poisson draw: inversion for small means, normal approximation (rounded) above 60.
    pub fn poisson(&mut self, mean: f64) -> u64 {
        if mean <= 0.0 {
            return 0;
        }
        if mean > 60.0 {
            let x = mean + libm::sqrt(mean) * self.normal();
            return libm::round(x.max(0.0)) as u64;
        }
        let limit = libm::exp(-mean);
        let (mut k, mut p) = (0u64, 1.0);
        loop {
            p *= self.uniform();
            if p <= limit {
                return k;
            }
            k += 1;
        }
    }
}

/// The stream as a `rand_core` generator, so code written against rand's traits can draw from
/// a keyed stream. The project's own draws keep their mappings (`below`'s rejection zone, its
/// Fisher-Yates, the libm normal): rand's `shuffle` and `random_range` map words to indices
/// differently, so switching would change every fingerprint and committed result.
impl rand_core::TryRng for Stream {
    type Error = core::convert::Infallible;

    /// The high half of the next 64-bit draw.
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok((self.next_u64() >> 32) as u32)
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(self.next_u64())
    }

    /// Little-endian bytes of successive 64-bit draws.
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(8) {
            let w = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&w[..chunk.len()]);
        }
        Ok(())
    }
}

/// FNV-1a over bytes, then mixed: the fingerprint hash (stable across platforms).
pub fn fingerprint_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix64(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_differ_by_key_and_repeat_by_key() {
        let a: Vec<u64> = (0..4)
            .map(|_| 0)
            .scan(Stream::new(1, 2, 3, Purpose::Test), |s, _| Some(s.next_u64()))
            .collect();
        let b: Vec<u64> = (0..4)
            .map(|_| 0)
            .scan(Stream::new(1, 2, 3, Purpose::Test), |s, _| Some(s.next_u64()))
            .collect();
        let c: Vec<u64> = (0..4)
            .map(|_| 0)
            .scan(Stream::new(1, 2, 4, Purpose::Test), |s, _| Some(s.next_u64()))
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn as_a_rand_core_generator_the_stream_gives_the_same_words() {
        use rand_core::Rng;
        let mut own = Stream::new(3, 1, 4, Purpose::Test);
        let words: Vec<u64> = (0..3).map(|_| own.next_u64()).collect();
        let mut r = Stream::new(3, 1, 4, Purpose::Test);
        assert_eq!(Rng::next_u64(&mut r), words[0]);
        assert_eq!(Rng::next_u32(&mut r), (words[1] >> 32) as u32);
        let mut bytes = [0u8; 5];
        r.fill_bytes(&mut bytes);
        assert_eq!(bytes, words[2].to_le_bytes()[..5]);
    }

    #[test]
    fn uniform_mean_and_poisson_mean_are_right() {
        let mut s = Stream::new(7, 0, 0, Purpose::Test);
        let n = 20_000;
        let mean_u: f64 = (0..n).map(|_| s.uniform()).sum::<f64>() / n as f64;
        assert!((mean_u - 0.5).abs() < 0.01, "{mean_u}");
        for lambda in [0.3, 5.0, 80.0] {
            let m: f64 = (0..n).map(|_| s.poisson(lambda) as f64).sum::<f64>() / n as f64;
            assert!((m - lambda).abs() < 0.05 * lambda + 0.02, "{lambda} {m}");
        }
    }
}
