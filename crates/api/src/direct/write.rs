//! Running a plan: each selected field's body called with its arguments, and its value
//! written as JSON as it is found. Every function returns `None` to give up (see the module
//! docs of `direct`): a body's error, a `null` where the schema says non-null, an object of
//! a type the plan has no selections for.

use super::input::Inputs;
use super::json;
use super::plan::{Plan, Selection};
use crate::schema::{Args, Catalog, Cx, Obj, Out, Ty};
use async_graphql::Variables;
use std::sync::atomic::Ordering;

/// `None` gives up; the query then runs through async-graphql.
type Done = Option<()>;

impl Plan {
    /// The whole response (`{"data":…}`), or `None` if this request is not one a plan
    /// answers: then async-graphql must run it.
    pub fn execute(&self, cx: &Cx<'_>, variables: &Variables) -> Option<Vec<u8>> {
        self.execute_observed(cx, variables, |_, _| {})
    }

    /// [`Plan::execute`], telling `observe` the object type and name of each field it
    /// answers (for tests of what plans cover).
    pub fn execute_observed(
        &self,
        cx: &Cx<'_>,
        variables: &Variables,
        observe: impl FnMut(&str, &'static str),
    ) -> Option<Vec<u8>> {
        let catalog = Catalog::get();
        let (root_type, _) = catalog.object("Query")?;
        let mut writer = Writer {
            cx,
            catalog,
            observe,
            inputs: Inputs::new(self, variables)?,
            // Room for the last answer and a little more: an answer grows only with the data
            // or the variables, and every regrowth copies it all.
            out: Vec::with_capacity(self.last_size.load(Ordering::Relaxed) * 9 / 8 + 256),
            types: Vec::new(),
        };
        writer.out.extend_from_slice(b"{\"data\":");
        writer.object(&self.root, root_type, &Obj::Root)?;
        writer.out.push(b'}');
        // Stored only when it changes: every store takes the line from the other cores.
        if self.last_size.load(Ordering::Relaxed) != writer.out.len() {
            self.last_size.store(writer.out.len(), Ordering::Relaxed);
        }
        Some(writer.out)
    }
}

struct Writer<'p, 'a, O> {
    cx: &'p Cx<'a>,
    catalog: &'static Catalog,
    observe: O,
    inputs: Inputs<'p>,
    out: Vec<u8>,
    /// The object types met so far, by name (see `type_index`).
    types: Vec<(&'static str, usize)>,
}

impl<O: FnMut(&str, &'static str)> Writer<'_, '_, O> {
    /// The object `obj` (of object type `type_index`) with the items that apply to it; with
    /// none kept it is `null`, as in async-graphql.
    fn object(&mut self, selection: &Selection, type_index: usize, obj: &Obj) -> Done {
        let start = self.out.len();
        self.out.push(b'{');
        let mut written = false;
        for item in selection.for_type(type_index) {
            if !self.inputs.keeps(item)? {
                continue;
            }
            if written {
                self.out.push(b',');
            }
            written = true;
            self.out.extend_from_slice(&item.key);
            let Some(field) = item.field else {
                let name = self.catalog.objects[type_index].name.as_str();
                json::write_str(&mut self.out, name);
                continue;
            };
            (self.observe)(&self.catalog.objects[type_index].name, field.name);
            let arguments = self.inputs.arguments(item)?;
            let (_, def) = item
                .bodies
                .iter()
                .find(|(types, _)| types.contains(type_index))?;
            // Read where the body left it: moving an `Out` out of its `Result` copies it in
            // pieces that stall on the stores that wrote it (perf: a tenth of a plan's time).
            let resolved = (def.body)(self.cx, obj, &Args(&arguments));
            let Ok(value) = &resolved else {
                return None;
            };
            self.value(&field.ty, value, &item.children)?;
        }
        if written {
            self.out.push(b'}');
        } else {
            self.out.truncate(start);
            self.out.extend_from_slice(b"null");
        }
        Some(())
    }

    /// The index of the object type called `name`. Names are `'static`, so the same name is
    /// the same pointer: the types met so far (an answer has a handful) are remembered by
    /// pointer, sparing most objects a hash of their type's name.
    fn type_index(&mut self, name: &'static str) -> Option<usize> {
        if let Some(&(_, index)) = self
            .types
            .iter()
            .find(|(seen, _)| std::ptr::eq(*seen, name))
        {
            return Some(index);
        }
        let (index, _) = self.catalog.object(name)?;
        self.types.push((name, index));
        Some(index)
    }

    /// `value`, of type `ty`.
    fn value(&mut self, ty: &Ty, value: &Out<'_>, children: &Selection) -> Done {
        match value {
            Out::Null if ty.is_non_null() => return None,
            Out::Null => self.out.extend_from_slice(b"null"),
            Out::Bool(b) => self
                .out
                .extend_from_slice(if *b { b"true" } else { b"false" }),
            Out::Int(n) => self
                .out
                .extend_from_slice(itoa::Buffer::new().format(*n).as_bytes()),
            Out::Float(x) => serde_json::to_writer(&mut self.out, x).ok()?,
            Out::Str(text) => json::write_str(&mut self.out, text),
            Out::Enum(name) => json::write_str(&mut self.out, name),
            Out::Object(obj) => {
                let index = self.type_index(obj.type_name(self.cx))?;
                self.object(children, index, obj)?;
            }
            Out::List(items) => {
                let item_ty = ty.item()?;
                self.out.push(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(b',');
                    }
                    self.value(item_ty, item, children)?;
                }
                self.out.push(b']');
            }
        }
        Some(())
    }
}
