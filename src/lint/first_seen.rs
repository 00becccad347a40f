//! What a rule remembers of the entries of one list it has read so far (a Service's ports, say):
//! the first value recorded for each key.
//!
//! A Service has a handful of ports, for which a scan of the few seen so far is cheaper than
//! hashing them (and one small list is cheaper to build than a hash table); but a hostile Service
//! with 100,000 ports must not make a rule quadratic, so past [`SCAN_UP_TO`] entries the record
//! moves to a hash map.

use std::collections::hash_map::Entry;
use std::hash::Hash;

use foldhash::HashMap;

/// Entries kept in a plain list before the record switches to a hash map.
const SCAN_UP_TO: usize = 16;

/// The first value recorded for each key, in a list while it is short and a map after.
#[derive(Debug)]
pub struct FirstSeen<K, V> {
    list: Vec<(K, V)>,
    map: Option<HashMap<K, V>>,
}

impl<K: Eq + Hash, V> Default for FirstSeen<K, V> {
    fn default() -> Self {
        FirstSeen {
            list: Vec::new(),
            map: None,
        }
    }
}

impl<K: Eq + Hash, V> FirstSeen<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    /// The value first recorded for `key`.
    pub fn get(&self, key: &K) -> Option<&V> {
        match &self.map {
            Some(map) => map.get(key),
            None => self.list.iter().find(|(k, _)| k == key).map(|(_, v)| v),
        }
    }

    /// The value first recorded for `key`, if there is one; otherwise `value` becomes it and the
    /// answer is `None` ("not seen before").
    pub fn first_or_record(&mut self, key: K, value: V) -> Option<&V> {
        if self.map.is_none() {
            match self.list.iter().position(|(k, _)| *k == key) {
                Some(position) => return self.list.get(position).map(|(_, v)| v),
                None if self.list.len() < SCAN_UP_TO => {
                    self.list.push((key, value));
                    return None;
                }
                None => self.map = Some(self.list.drain(..).collect()),
            }
        }
        match self.map.get_or_insert_with(HashMap::default).entry(key) {
            Entry::Occupied(first) => Some(first.into_mut()),
            Entry::Vacant(slot) => {
                slot.insert(value);
                None
            }
        }
    }

    /// Whether `key` has been recorded; records it (with `value`) if not.
    pub fn seen_or_record(&mut self, key: K, value: V) -> bool {
        self.first_or_record(key, value).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The list and the map must give the same answers: record a long run of keys with repeats
    /// on both sides of the switch, against a plain reference.
    #[test]
    fn answers_agree_before_and_after_the_switch_to_a_map() {
        let mut seen = FirstSeen::new();
        let mut reference: Vec<(u32, usize)> = Vec::new();
        for i in 0..200usize {
            // Every key comes back a few times, early and late.
            let key = ((i * 7) % 23 + (i / 50) * 100) as u32;
            let expected = reference.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
            assert_eq!(
                seen.first_or_record(key, i).copied(),
                expected,
                "key {key} at {i}"
            );
            if expected.is_none() {
                reference.push((key, i));
            }
            assert_eq!(
                seen.get(&key).copied(),
                reference.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
            );
        }
        assert!(
            seen.map.is_some(),
            "200 entries with 23+ keys must have switched to the map"
        );
        assert_eq!(seen.get(&9_999), None);
    }

    #[test]
    fn the_first_value_stays() {
        let mut seen = FirstSeen::new();
        assert!(!seen.seen_or_record("http", 0));
        assert!(seen.seen_or_record("http", 1));
        assert_eq!(seen.get(&"http"), Some(&0));
    }
}
