//! A small, fast, non-cryptographic hasher (folded 64×64→128 multiply, the core step of
//! wyhash/foldhash) and nothing else: no `std::hash::Hasher` plumbing, no per-call state.
//!
//! Not DoS-resistant and not for security: it only spreads keys over an open-addressing table
//! and fingerprints row contents. Same input ⇒ same hash on every platform (little-endian
//! reads everywhere), so both files of a diff hash their values identically.

const P0: u64 = 0xa076_1d64_78bd_642f;
const P1: u64 = 0xe703_7ed1_a0b4_28db;
const P2: u64 = 0x8ebc_6af0_9c88_c6e3;
const P3: u64 = 0x5899_65cc_7537_4cc3;

/// Seed of key hashes.
pub(crate) const KEY_SEED: u64 = 0x243f_6a88_85a3_08d3;
/// Seed of row-content hashes.
pub(crate) const ROW_SEED: u64 = 0x1319_8a2e_0370_7344;

#[inline(always)]
fn fold_mul(a: u64, b: u64) -> u64 {
    let r = u128::from(a) * u128::from(b);
    (r as u64) ^ ((r >> 64) as u64)
}

#[inline(always)]
fn read8(b: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[..8]);
    u64::from_le_bytes(w)
}

/// Reads up to 7 bytes into a word (zero padded); the length is mixed in separately. A loop
/// of shifts, not a variable-length copy (which would be a `memcpy` call per field).
#[inline(always)]
fn read_tail(b: &[u8]) -> u64 {
    let mut w = 0u64;
    for (k, &c) in b.iter().enumerate() {
        w |= u64::from(c) << (8 * k);
    }
    w
}

#[inline(always)]
fn mix_tail(h: u64, tail: u64, len: usize) -> u64 {
    fold_mul(tail ^ P3, h ^ (len as u64) ^ P0)
}

/// Mixes `bytes` (and their length, so `"a","bc"` and `"ab","c"` differ) into `h`.
#[inline]
pub(crate) fn mix_bytes(mut h: u64, bytes: &[u8]) -> u64 {
    let mut rest = bytes;
    while rest.len() >= 16 {
        h = fold_mul(read8(rest) ^ P0, read8(&rest[8..]) ^ h ^ P1);
        rest = &rest[16..];
    }
    if rest.len() >= 8 {
        h = fold_mul(read8(rest) ^ P2, h ^ P1);
        rest = &rest[8..];
    }
    mix_tail(h, read_tail(rest), bytes.len())
}

/// [`mix_bytes`] of `buf[start..end]`, reading the last partial word as one unaligned
/// eight-byte load (masked) when `buf` extends far enough: the common case inside a file.
#[inline]
pub(crate) fn mix_in(mut h: u64, buf: &[u8], start: usize, end: usize) -> u64 {
    let mut i = start;
    while end - i >= 16 {
        h = fold_mul(read8(&buf[i..]) ^ P0, read8(&buf[i + 8..]) ^ h ^ P1);
        i += 16;
    }
    if end - i >= 8 {
        h = fold_mul(read8(&buf[i..]) ^ P2, h ^ P1);
        i += 8;
    }
    let rem = end - i;
    let tail = if i + 8 <= buf.len() {
        read8(&buf[i..]) & ((1u64 << (8 * rem)) - 1)
    } else {
        read_tail(&buf[i..end])
    };
    mix_tail(h, tail, end - start)
}

/// Final avalanche, so that the high bits (used for the table index) depend on every byte.
#[inline]
pub(crate) fn finish(h: u64) -> u64 {
    fold_mul(h ^ P2, P3 ^ (h >> 29))
}

/// Hash of a whole byte string.
#[inline]
pub(crate) fn hash_bytes(seed: u64, bytes: &[u8]) -> u64 {
    finish(mix_bytes(seed, bytes))
}

/// An open-addressing (linear probing) table from a 64-bit hash to a row index; the caller
/// decides equality. Each slot holds the index and 32 bits of the hash (a tag), so a probe
/// only reads the caller's rows when the tags agree. Empty slots hold `u64::MAX`.
#[derive(Debug)]
pub(crate) struct Table {
    slots: Vec<u64>,
    shift: u32,
    mask: usize,
}

const EMPTY: u64 = u64::MAX;

#[inline(always)]
fn tag(hash: u64) -> u64 {
    // The low half; the slot index comes from the high bits.
    hash & 0xffff_ffff
}

impl Table {
    /// A table for up to `n` entries at a load factor of at most 1/2.
    pub(crate) fn with_capacity(n: usize) -> Table {
        let cap = (n.max(8) * 2).next_power_of_two();
        Table {
            slots: vec![EMPTY; cap],
            shift: 64 - cap.trailing_zeros(),
            mask: cap - 1,
        }
    }

    #[inline(always)]
    fn start(&self, hash: u64) -> usize {
        // The high bits of a multiplicative hash are the best mixed.
        (hash >> self.shift) as usize & self.mask
    }

    /// The first slot `hash` probes (read it early to overlap cache misses of a batch).
    #[inline(always)]
    pub(crate) fn first_slot(&self, hash: u64) -> u64 {
        self.slots[self.start(hash)]
    }

    /// The first entry whose tag agrees with `hash` (the caller must still check the key).
    #[inline]
    pub(crate) fn candidate(&self, hash: u64) -> Option<u32> {
        let t = tag(hash);
        let mut i = self.start(hash);
        loop {
            let v = self.slots[i];
            if v == EMPTY {
                return None;
            }
            if v >> 32 == t {
                return Some(v as u32);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Finds the entry for which `eq(index)` holds, probing from `hash`.
    #[inline]
    pub(crate) fn find(&self, hash: u64, mut eq: impl FnMut(u32) -> bool) -> Option<u32> {
        let t = tag(hash);
        let mut i = self.start(hash);
        loop {
            let v = self.slots[i];
            if v == EMPTY {
                return None;
            }
            if v >> 32 == t && eq(v as u32) {
                return Some(v as u32);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Inserts `value` (below `u32::MAX`) unless an entry with `eq(index)` exists; returns
    /// that entry then.
    #[inline]
    pub(crate) fn insert(&mut self, hash: u64, value: u32, mut eq: impl FnMut(u32) -> bool) -> Option<u32> {
        let t = tag(hash);
        let mut i = self.start(hash);
        loop {
            let v = self.slots[i];
            if v == EMPTY {
                self.slots[i] = (t << 32) | u64::from(value);
                return None;
            }
            if v >> 32 == t && eq(v as u32) {
                return Some(v as u32);
            }
            i = (i + 1) & self.mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn hashes_are_stable_and_length_aware() {
        assert_eq!(
            hash_bytes(KEY_SEED, b"3517011708080001"),
            hash_bytes(KEY_SEED, b"3517011708080001")
        );
        assert_ne!(
            hash_bytes(KEY_SEED, b"3517011708080001"),
            hash_bytes(KEY_SEED, b"3517011708080002")
        );
        assert_ne!(hash_bytes(KEY_SEED, b""), hash_bytes(KEY_SEED, b"\0"));
        let ab_c = mix_bytes(mix_bytes(ROW_SEED, b"ab"), b"c");
        let a_bc = mix_bytes(mix_bytes(ROW_SEED, b"a"), b"bc");
        assert_ne!(ab_c, a_bc);
        // Every length up to two 16-byte blocks reads its bytes (no out-of-bounds, no ignored byte).
        let data: Vec<u8> = (0u8..40).collect();
        let mut seen = std::collections::HashSet::new();
        for n in 0..data.len() {
            assert!(seen.insert(hash_bytes(ROW_SEED, &data[..n])));
            let mut flipped = data[..n].to_vec();
            if let Some(last) = flipped.last_mut() {
                *last ^= 1;
                assert_ne!(hash_bytes(ROW_SEED, &flipped), hash_bytes(ROW_SEED, &data[..n]));
            }
        }
    }

    #[test]
    fn in_buffer_mixing_equals_slice_mixing() {
        let buf: Vec<u8> = (0u8..=255).cycle().take(300).collect();
        for start in [0usize, 1, 7, 100, 250] {
            for end in start..(start + 40).min(buf.len()) {
                assert_eq!(
                    mix_in(ROW_SEED, &buf, start, end),
                    mix_bytes(ROW_SEED, &buf[start..end])
                );
            }
        }
        assert_eq!(mix_in(ROW_SEED, &buf, 295, 300), mix_bytes(ROW_SEED, &buf[295..]));
    }

    #[test]
    fn table_finds_what_it_holds() {
        let keys: Vec<String> = (0..10_000).map(|i| format!("{:016}", i * 7919)).collect();
        let hashes: Vec<u64> = keys.iter().map(|k| hash_bytes(KEY_SEED, k.as_bytes())).collect();
        let mut t = Table::with_capacity(keys.len());
        for (i, h) in hashes.iter().enumerate() {
            assert_eq!(t.insert(*h, i as u32, |j| keys[j as usize] == keys[i]), None);
        }
        for (i, h) in hashes.iter().enumerate() {
            assert_eq!(t.insert(*h, 0, |j| keys[j as usize] == keys[i]), Some(i as u32));
            assert_eq!(t.find(*h, |j| keys[j as usize] == keys[i]), Some(i as u32));
            assert!(t.candidate(*h).is_some());
        }
        let h = hash_bytes(KEY_SEED, b"not there");
        assert_eq!(t.find(h, |j| keys[j as usize] == "not there"), None);
    }
}
