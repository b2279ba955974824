//! Sets of object types, as indices into the catalog's objects: which types a selected field
//! applies to once fragments' type conditions have narrowed it.

/// A set of object types (the catalog has fewer than 128).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct TypeSet(u128);

impl TypeSet {
    /// The set of `indices`.
    pub fn of(indices: &[usize]) -> TypeSet {
        TypeSet(indices.iter().fold(0, |set, &i| {
            assert!(
                i < 128,
                "the catalog has more object types than a TypeSet holds"
            );
            set | 1 << i
        }))
    }

    pub fn contains(self, index: usize) -> bool {
        index < 128 && self.0 & (1 << index) != 0
    }

    pub fn intersect(self, other: TypeSet) -> TypeSet {
        TypeSet(self.0 & other.0)
    }

    pub fn union(self, other: TypeSet) -> TypeSet {
        TypeSet(self.0 | other.0)
    }

    pub fn is_subset(self, of: TypeSet) -> bool {
        self.0 & !of.0 == 0
    }

    /// The indices in the set, smallest first.
    pub fn iter(self) -> impl Iterator<Item = usize> {
        (0..128).filter(move |&i| self.contains(i))
    }
}
