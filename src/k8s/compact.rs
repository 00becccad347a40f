//! Compact storage for the cross-object facts, which live for the whole run: one entry per
//! Service and workload of every file, so a 150,000-Service file holds 150,000 of them. Strings
//! are packed into one allocation per object, spans take 12 bytes instead of 16 (or 24 for an
//! `Option<Span>`), and a file's facts are kept in the parts they were extracted in rather than
//! in one vector that doubles as it grows.

use std::collections::BTreeMap;

use crate::model::source::Span;

/// A [`Span`] in 12 bytes: offsets are kept to 48 bits (256 TiB, more than any text held in
/// memory). `Loc::NONE` stands for an absent span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Loc {
    lo: [u32; 2],
    hi: [u16; 2],
}

/// The largest offset a [`Loc`] holds; `NONE` uses the one above.
const LOC_MAX: u64 = (1 << 48) - 2;

impl Loc {
    pub const NONE: Loc = Loc {
        lo: [u32::MAX; 2],
        hi: [u16::MAX; 2],
    };

    fn split(offset: usize) -> (u32, u16) {
        let offset = (offset as u64).min(LOC_MAX);
        // Truncations are the point: the low 32 bits, then the next 16.
        (offset as u32, (offset >> 32) as u16)
    }

    fn join(lo: u32, hi: u16) -> usize {
        ((u64::from(hi) << 32) | u64::from(lo)) as usize
    }

    pub fn new(span: Span) -> Loc {
        let (start_lo, start_hi) = Loc::split(span.start);
        let (end_lo, end_hi) = Loc::split(span.end);
        Loc {
            lo: [start_lo, end_lo],
            hi: [start_hi, end_hi],
        }
    }

    pub fn from_option(span: Option<Span>) -> Loc {
        span.map_or(Loc::NONE, Loc::new)
    }

    pub fn get(self) -> Option<Span> {
        (self != Loc::NONE).then(|| Span {
            start: Loc::join(self.lo[0], self.hi[0]),
            end: Loc::join(self.lo[1], self.hi[1]),
        })
    }

    /// The span; an absent one reads as the empty span at 0.
    pub fn span(self) -> Span {
        self.get().unwrap_or_default()
    }
}

/// Strings packed one after another into one allocation, each preceded by its length in decimal
/// and a colon (`3:app2:db`), read back in order with [`Packed::read`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Packed(Box<str>);

impl Packed {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The string at byte offset `at` of `packed`, and the offset of the next one. Reading at or
    /// past the end gives the empty string.
    pub fn read(packed: &str, at: usize) -> (&str, usize) {
        // Hot: the cross-object rules read selectors and labels in their inner loops.
        let bytes = packed.as_bytes();
        let mut len = 0usize;
        let mut i = at;
        while let Some(&b) = bytes.get(i) {
            i += 1;
            if b == b':' {
                let end = i.saturating_add(len);
                return (packed.get(i..end).unwrap_or(""), end);
            }
            len = len
                .wrapping_mul(10)
                .wrapping_add(usize::from(b.wrapping_sub(b'0')));
        }
        ("", at.max(packed.len()))
    }
}

/// Builds a [`Packed`].
#[derive(Debug, Default)]
pub struct PackedBuilder(String);

impl PackedBuilder {
    pub fn with_capacity(capacity: usize) -> Self {
        PackedBuilder(String::with_capacity(capacity))
    }

    /// The offset the next string will be written at.
    pub fn position(&self) -> usize {
        self.0.len()
    }

    pub fn push(&mut self, s: &str) {
        // itoa, not `write!`: going through `fmt` cost more than the rest of packing a label.
        self.0.push_str(itoa::Buffer::new().format(s.len()));
        self.0.push(':');
        self.0.push_str(s);
    }

    /// Room a string takes once packed.
    pub fn cost(s: &str) -> usize {
        let mut digits = 1;
        let mut n = s.len();
        while n >= 10 {
            n /= 10;
            digits += 1;
        }
        digits + 1 + s.len()
    }

    pub fn finish(self) -> Packed {
        Packed(self.0.into_boxed_str())
    }
}

/// Label pairs (a selector, the labels of a Pod template) as packed `key`, `value` strings,
/// sorted by key without repeats: the order and content of the `BTreeMap` they come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Labels<'a>(&'a str);

impl<'a> Labels<'a> {
    /// Pairs packed by [`Labels::pack`] (possibly among other strings, between `start` and `end`).
    pub fn new(packed: &'a str, start: usize, end: usize) -> Self {
        Labels(packed.get(start..end).unwrap_or(""))
    }

    /// Pack pairs given in key order without repeats (a `BTreeMap`'s iteration).
    pub fn pack<'s>(out: &mut PackedBuilder, pairs: impl IntoIterator<Item = (&'s str, &'s str)>) {
        for (k, v) in pairs {
            out.push(k);
            out.push(v);
        }
    }

    pub fn iter(&self) -> LabelsIter<'a> {
        LabelsIter {
            packed: self.0,
            at: 0,
        }
    }

    /// The value of a key. Linear, as label sets are small; stops at the first larger key.
    pub fn get(&self, key: &str) -> Option<&'a str> {
        for (k, v) in self.iter() {
            match k.cmp(key) {
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Equal => return Some(v),
                std::cmp::Ordering::Greater => return None,
            }
        }
        None
    }

    pub fn len(&self) -> usize {
        self.iter().count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn to_map(&self) -> BTreeMap<String, String> {
        self.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }
}

impl<'a> IntoIterator for Labels<'a> {
    type Item = (&'a str, &'a str);
    type IntoIter = LabelsIter<'a>;

    fn into_iter(self) -> LabelsIter<'a> {
        self.iter()
    }
}

#[derive(Clone, Debug)]
pub struct LabelsIter<'a> {
    packed: &'a str,
    at: usize,
}

impl<'a> Iterator for LabelsIter<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.at >= self.packed.len() {
            return None;
        }
        let (k, at) = Packed::read(self.packed, self.at);
        let (v, at) = Packed::read(self.packed, at);
        self.at = at;
        Some((k, v))
    }
}

/// Label pairs with their own allocation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OwnedLabels(Packed);

impl OwnedLabels {
    /// From pairs in any order; a repeated key keeps its last value, as collecting into a
    /// `BTreeMap` does.
    pub fn collect<K: AsRef<str>, V: AsRef<str>>(pairs: impl IntoIterator<Item = (K, V)>) -> Self {
        let mut pairs: Vec<(K, V)> = pairs.into_iter().collect();
        if pairs.is_empty() {
            return OwnedLabels::default();
        }
        // Stable, so that among equal keys the last one written comes last.
        pairs.sort_by(|a, b| a.0.as_ref().cmp(b.0.as_ref()));
        let mut out = PackedBuilder::with_capacity(
            pairs
                .iter()
                .map(|(k, v)| PackedBuilder::cost(k.as_ref()) + PackedBuilder::cost(v.as_ref()))
                .sum(),
        );
        let mut i = 0;
        while i < pairs.len() {
            let mut last = i;
            while pairs
                .get(last + 1)
                .is_some_and(|next| next.0.as_ref() == pairs[i].0.as_ref())
            {
                last += 1;
            }
            out.push(pairs[last].0.as_ref());
            out.push(pairs[last].1.as_ref());
            i = last + 1;
        }
        OwnedLabels(out.finish())
    }

    pub fn labels(&self) -> Labels<'_> {
        Labels(self.0.as_str())
    }
}

/// Items kept in the parts of the file they were extracted from (see the module comment).
#[derive(Clone, Debug)]
pub struct Parts<T> {
    parts: Vec<Box<[T]>>,
    len: usize,
}

impl<T> Default for Parts<T> {
    fn default() -> Self {
        Parts {
            parts: Vec::new(),
            len: 0,
        }
    }
}

impl<T> Parts<T> {
    pub fn push_part(&mut self, part: Vec<T>) {
        if !part.is_empty() {
            self.len += part.len();
            self.parts.push(part.into_boxed_slice());
        }
    }

    pub fn append(&mut self, other: Parts<T>) {
        self.len += other.len;
        self.parts.extend(other.parts);
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = &T> + Clone + '_ {
        self.parts.iter().flat_map(|p| p.iter())
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> + '_ {
        self.parts.iter_mut().flat_map(|p| p.iter_mut())
    }
}

impl<T> From<Vec<T>> for Parts<T> {
    fn from(items: Vec<T>) -> Self {
        let mut parts = Parts::default();
        parts.push_part(items);
        parts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locs_round_trip() {
        for span in [
            Span::new(0, 0),
            Span::new(3, 17),
            Span::new(u32::MAX as usize, u32::MAX as usize + 5),
            Span::new(1 << 40, (1 << 40) + 1),
        ] {
            assert_eq!(Loc::new(span).get(), Some(span));
        }
        assert_eq!(Loc::NONE.get(), None);
        assert_eq!(Loc::from_option(None), Loc::NONE);
    }

    #[test]
    fn packed_strings_read_back() {
        let mut b = PackedBuilder::default();
        for s in ["", "app", "a:b", "ü", &"x".repeat(12)] {
            let at = b.position();
            b.push(s);
            assert_eq!(b.position() - at, PackedBuilder::cost(s));
        }
        let p = b.finish();
        let mut at = 0;
        let mut got = Vec::new();
        while at < p.as_str().len() {
            let (s, next) = Packed::read(p.as_str(), at);
            got.push(s.to_string());
            at = next;
        }
        assert_eq!(got, ["", "app", "a:b", "ü", &"x".repeat(12)]);
        assert_eq!(Packed::read(p.as_str(), 1000), ("", 1000));
    }

    #[test]
    fn labels_behave_like_a_btreemap() {
        let pairs = [("b", "2"), ("a", "1"), ("c", ""), ("a", "3")];
        let owned = OwnedLabels::collect(pairs);
        let map: BTreeMap<&str, &str> = pairs.into_iter().collect();
        let labels = owned.labels();
        assert_eq!(
            labels.iter().collect::<Vec<_>>(),
            map.clone().into_iter().collect::<Vec<_>>()
        );
        assert_eq!(labels.len(), 3);
        assert_eq!(labels.get("a"), Some("3"));
        assert_eq!(labels.get("c"), Some(""));
        assert_eq!(labels.get("d"), None);
        assert_eq!(labels.get("0"), None);
        assert!(
            OwnedLabels::collect(Vec::<(&str, &str)>::new())
                .labels()
                .is_empty()
        );
    }
}
