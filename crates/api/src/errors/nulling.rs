//! Field errors as the GraphQL spec says ("Handling Field Errors", "Errors and Non-Null
//! Fields"): a field that fails is `null` with an error carrying its `path`; if the field is
//! non-null, the `null` travels up to the nearest nullable field or list item; `data` is
//! `null` only when it reaches the root.
//!
//! async-graphql 7 does not do this itself: an object drops the key of a field that failed
//! (`do_resolve_container` logs the error and leaves the key out), so `{ a: entity(ref:
//! "nope") { name } b: … }` came back without `a`, and a query whose only field failed came
//! back `"data": null`. Its extension hook for resolving a field (and a list item) wraps the
//! field's whole subtree, so [`Nulling::settle`] applies the rules there: a failure is turned
//! into a `null` before async-graphql sees it, and a non-null position that failed leaves a
//! mark on its parent's path, which the parent's own hook finds when its subtree is done.

use async_graphql::{PathSegment, ServerError, ServerResult, Value};
use async_graphql::{QueryPathNode, QueryPathSegment};
use std::sync::Mutex;

/// What one request's field failures have done so far.
#[derive(Default)]
pub(crate) struct Nulling {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// The errors, in the order fields failed.
    errors: Vec<ServerError>,
    /// Positions (fields or list items) that must become `null` because a non-null position
    /// under them failed.
    doomed: Vec<Vec<PathSegment>>,
    /// A non-null root field failed: `data` is `null`.
    root_failed: bool,
    /// List items a body answered `null` for, in a list of objects: async-graphql's dynamic
    /// schema cannot hold a `null` item there, so these positions are answered `null` here.
    null_items: Vec<Vec<PathSegment>>,
}

impl Nulling {
    /// The value of the position at `node` (declared type `return_type`, such as `Entity` or
    /// `[Statement!]!`) once its own failure or a failure beneath it is accounted for.
    pub(super) fn settle(
        &self,
        node: &QueryPathNode<'_>,
        return_type: &str,
        resolved: ServerResult<Option<Value>>,
    ) -> ServerResult<Option<Value>> {
        let path = path_of(node);
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match resolved {
            Err(mut error) => {
                if error.path.is_empty() {
                    error.path = path.clone();
                }
                state.errors.push(error);
                state.fail(path, return_type)
            }
            Ok(_) if state.take_doomed(&path) => state.fail(path, return_type),
            Ok(value) => state.settle_items(path, return_type, value),
        }
    }

    /// Marks the list item at `path` as `null` (see `State::null_items`).
    pub(crate) fn null_item(&self, path: Vec<PathSegment>) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        state.null_items.push(path);
    }

    /// Whether the list item at `node` was marked `null`.
    pub(super) fn is_null_item(&self, node: &QueryPathNode<'_>) -> bool {
        if !matches!(node.segment, QueryPathSegment::Index(_)) {
            return false;
        }
        let state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        !state.null_items.is_empty() && state.null_items.contains(&path_of(node))
    }

    /// The errors to report, and whether `data` must be `null`.
    pub(super) fn finish(&self) -> (Vec<ServerError>, bool) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        (std::mem::take(&mut state.errors), state.root_failed)
    }
}

impl State {
    /// The position at `path` (of type `return_type`) failed: it is `null` if it may be,
    /// otherwise its parent must be, and `data` if that parent is the root.
    fn fail(&mut self, path: Vec<PathSegment>, return_type: &str) -> ServerResult<Option<Value>> {
        if let Some(PathSegment::Index(_)) = path.last() {
            // async-graphql names a list item's type without its nullability: the list's
            // own hook, which runs next, knows it and settles the item.
            self.doomed.push(path);
        } else if !return_type.ends_with('!') {
            return Ok(Some(Value::Null));
        } else {
            match path.split_last() {
                Some((_, [])) | None => self.root_failed = true,
                Some((_, parent)) => self.doomed.push(parent.to_vec()),
            }
        }
        // A placeholder: the parent is nulled when its own hook settles.
        Ok(Some(Value::Null))
    }

    /// Whether `path` was marked to become `null`; the mark is removed.
    fn take_doomed(&mut self, path: &[PathSegment]) -> bool {
        let index = self.doomed.iter().position(|p| p == path);
        index.map(|i| self.doomed.swap_remove(i)).is_some()
    }

    /// `value`, at `path` (of type `return_type`), with its failed list items settled: each
    /// becomes `null` if the list's items are nullable; otherwise the list itself fails.
    /// (The schema has no lists of lists.)
    fn settle_items(
        &mut self,
        path: Vec<PathSegment>,
        return_type: &str,
        mut value: Option<Value>,
    ) -> ServerResult<Option<Value>> {
        let is_item_of = |p: &Vec<PathSegment>| matches!(p.split_last(), Some((PathSegment::Index(_), parent)) if *parent == path[..]);
        let items: Vec<usize> = self
            .doomed
            .iter()
            .filter(|p| is_item_of(p))
            .filter_map(|p| match p.last() {
                Some(PathSegment::Index(i)) => Some(*i),
                _ => None,
            })
            .collect();
        if items.is_empty() {
            return Ok(value);
        }
        self.doomed.retain(|p| !is_item_of(p));
        let list_type = return_type.trim_end_matches('!');
        let items_nullable = list_type.starts_with('[') && !list_type.ends_with("!]");
        if !items_nullable {
            return self.fail(path, return_type);
        }
        if let Some(Value::List(list)) = &mut value {
            for i in items {
                if let Some(item) = list.get_mut(i) {
                    *item = Value::Null;
                }
            }
        }
        Ok(value)
    }
}

pub(crate) fn path_of(node: &QueryPathNode<'_>) -> Vec<PathSegment> {
    let mut path: Vec<PathSegment> = std::iter::once(node)
        .chain(node.parents())
        .map(|n| match n.segment {
            QueryPathSegment::Name(name) => PathSegment::Field(name.to_owned()),
            QueryPathSegment::Index(index) => PathSegment::Index(index),
        })
        .collect();
    path.reverse();
    path
}
