//! Per-document views computed once and shared: every scorer and extractor
//! that needs, say, the report's identity or its normalised paragraphs asks
//! the document's [`Memo`] instead of computing them again.
//!
//! A view is keyed by its Rust type, so each view is a distinct type (a
//! newtype when needed). Views are derived from the document's blocks; code
//! that changes `blocks` after reading a view must start from a fresh
//! document (cloning a document clears its memo).

use std::any::{Any, TypeId};
use std::fmt;
use std::sync::{Arc, Mutex};

type Slot = (TypeId, Arc<dyn Any + Send + Sync>);

/// Views of one document, computed on first use.
#[derive(Default)]
pub struct Memo {
    slots: Mutex<Vec<Slot>>,
}

impl Memo {
    /// The view of type `T`, computed by `compute` on first use.
    ///
    /// `compute` runs without any lock held, so it may ask for other views;
    /// it must not ask for `T` itself.
    pub fn get_or_insert_with<T: Any + Send + Sync>(&self, compute: impl FnOnce() -> T) -> Arc<T> {
        if let Some(found) = self.find::<T>() {
            return found;
        }
        let value = Arc::new(compute());
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        // Another thread may have stored one meanwhile: keep the first.
        if let Some(found) = lookup::<T>(&slots) {
            return found;
        }
        let any: Arc<dyn Any + Send + Sync> = value.clone();
        slots.push((TypeId::of::<T>(), any));
        value
    }

    fn find<T: Any + Send + Sync>(&self) -> Option<Arc<T>> {
        lookup(&self.slots.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

fn lookup<T: Any + Send + Sync>(slots: &[Slot]) -> Option<Arc<T>> {
    let (_, any) = slots.iter().find(|(id, _)| *id == TypeId::of::<T>())?;
    any.clone().downcast::<T>().ok()
}

impl Clone for Memo {
    /// A clone starts empty: its document may be changed before use.
    fn clone(&self) -> Memo {
        Memo::default()
    }
}

impl fmt::Debug for Memo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.slots.lock().map_or(0, |s| s.len());
        write!(f, "Memo({n} views)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[derive(Debug, PartialEq)]
    struct Words(Vec<&'static str>);

    #[test]
    fn computes_once_per_type() {
        let memo = Memo::default();
        let calls = Cell::new(0);
        let a = memo.get_or_insert_with(|| {
            calls.set(calls.get() + 1);
            Words(vec!["a"])
        });
        let b = memo.get_or_insert_with(|| {
            calls.set(calls.get() + 1);
            Words(vec!["b"])
        });
        assert_eq!(calls.get(), 1);
        assert_eq!(*a, Words(vec!["a"]));
        assert!(Arc::ptr_eq(&a, &b));
        let n = memo.get_or_insert_with(|| 7u32);
        assert_eq!(*n, 7);
        assert_eq!(format!("{memo:?}"), "Memo(2 views)");
    }

    #[test]
    fn nested_views_and_clones() {
        let memo = Memo::default();
        let outer = memo.get_or_insert_with(|| *memo.get_or_insert_with(|| 2u8) as u16 * 10);
        assert_eq!(*outer, 20);
        let copy = memo.clone();
        assert_eq!(format!("{copy:?}"), "Memo(0 views)");
    }
}
