//! The schema, defined once: every type, field, argument (with its default) and description,
//! and each field's body over graph handles, as data ([`Catalog`]). Both ways of answering a
//! query are derived from it:
//! - [`dynamic`] builds async-graphql's schema (validation, introspection, errors, the SDL in
//!   `schema.graphql`), whose resolvers call the bodies;
//! - [`crate::direct`] compiles an operation into a plan over the same definitions and writes
//!   JSON straight from the bodies' values.
//!
//! So there is no second list of fields to keep in step: a field exists in both or in neither,
//! and its arguments, defaults and body are the same in both.
//!
//! Subscription fields ([`SubscriptionDef`]) are part of the same catalog: each has a stream
//! body over the [`Signals`] the server owns, and only async-graphql runs them (the direct
//! plans answer queries only). The objects a stream yields are answered by ordinary bodies.
//! The definitions themselves live in [`crate::fields`].

mod args;
pub(crate) mod dynamic;
mod ty;
mod value;

pub use crate::fields::kind_type_name;
pub use args::Args;
pub use ty::Ty;
pub use value::{Cx, Obj, Out, Record};

use async_graphql::futures_util::stream::BoxStream;
use async_graphql::Error;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

/// What a field's body returns: its value, or the error the client sees at the field's path.
pub type Resolved<'a> = Result<Out<'a>, Error>;

/// A field's body: from the context, the parent object and the arguments (variables
/// substituted, defaults applied) to the field's value.
pub type Body = Arc<dyn for<'a> Fn(&Cx<'a>, &Obj, &Args<'_>) -> Resolved<'a> + Send + Sync>;

/// One argument of a field, or one field of an input object.
#[derive(Clone)]
pub struct ArgDef {
    pub name: &'static str,
    pub ty: Ty,
    /// The default, as a GraphQL literal (e.g. `6`, `BOTH`).
    pub default: Option<&'static str>,
    pub description: Option<String>,
}

/// One field of an object or interface type.
#[derive(Clone)]
pub struct FieldDef {
    pub name: &'static str,
    pub ty: Ty,
    pub description: Option<String>,
    pub args: Vec<ArgDef>,
    pub body: Body,
}

/// An object type: its fields, and the interfaces it implements.
pub struct ObjectDef {
    pub name: String,
    pub description: Option<String>,
    pub interfaces: Vec<&'static str>,
    pub fields: Vec<FieldDef>,
}

/// An interface: the fields its objects share (their bodies live with the objects).
pub struct InterfaceDef {
    pub name: &'static str,
    pub description: Option<String>,
    pub fields: Vec<FieldDef>,
}

/// An enum: its values (in GraphQL spelling) with their descriptions.
pub struct EnumDef {
    pub name: &'static str,
    pub description: Option<String>,
    pub values: Vec<(&'static str, Option<String>)>,
}

/// An input object.
pub struct InputDef {
    pub name: &'static str,
    pub description: Option<String>,
    pub fields: Vec<ArgDef>,
}

/// A custom scalar, with what it accepts.
pub struct ScalarDef {
    pub name: &'static str,
    pub description: Option<String>,
    pub accepts: fn(&async_graphql::Value) -> bool,
}

/// A subscription field's body: from the server's signals and the arguments, the stream of
/// objects the field yields, each answered by its object type's field bodies.
pub type StreamBody =
    Arc<dyn Fn(&Signals, &Args<'_>) -> Result<BoxStream<'static, Obj>, Error> + Send + Sync>;

/// One field of the `Subscription` root.
#[derive(Clone)]
pub struct SubscriptionDef {
    pub name: &'static str,
    pub ty: Ty,
    pub description: Option<String>,
    pub args: Vec<ArgDef>,
    pub stream: StreamBody,
}

/// What subscriptions listen to: signals the server owns and gives the schema as data
/// (`SchemaBuilder::data`). The API knows no async runtime, so a signal is a function that
/// opens a stream; the server backs it with its own channel. A schema without `Signals`
/// refuses every subscription with a clear error.
#[derive(Clone)]
pub struct Signals {
    /// The served data's summary now, then again each time it changes (a reload of
    /// different data). Summaries in between may be skipped: a slow subscriber sees the
    /// latest one.
    pub data_versions: Arc<dyn Fn() -> BoxStream<'static, Arc<crate::DataSummary>> + Send + Sync>,
}

/// Every type of the schema, by name.
#[derive(Default)]
pub struct Catalog {
    /// The fields of the `Subscription` root (none: the schema has no subscriptions).
    pub subscriptions: Vec<SubscriptionDef>,
    pub objects: Vec<ObjectDef>,
    pub interfaces: Vec<InterfaceDef>,
    pub enums: Vec<EnumDef>,
    pub inputs: Vec<InputDef>,
    pub scalars: Vec<ScalarDef>,
    object_index: HashMap<String, usize>,
}

impl Catalog {
    /// The schema this API serves.
    pub fn get() -> &'static Catalog {
        static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
            let mut catalog = Catalog::default();
            crate::fields::define(&mut catalog);
            catalog.index();
            catalog
        });
        &CATALOG
    }

    fn index(&mut self) {
        self.object_index = self
            .objects
            .iter()
            .enumerate()
            .map(|(i, o)| (o.name.clone(), i))
            .collect();
    }

    /// The object type called `name`.
    pub fn object(&self, name: &str) -> Option<(usize, &ObjectDef)> {
        let index = *self.object_index.get(name)?;
        Some((index, &self.objects[index]))
    }

    pub fn interface(&self, name: &str) -> Option<&InterfaceDef> {
        self.interfaces.iter().find(|i| i.name == name)
    }

    pub fn enumeration(&self, name: &str) -> Option<&EnumDef> {
        self.enums.iter().find(|e| e.name == name)
    }

    pub fn input(&self, name: &str) -> Option<&InputDef> {
        self.inputs.iter().find(|i| i.name == name)
    }

    pub fn scalar(&self, name: &str) -> Option<&ScalarDef> {
        self.scalars.iter().find(|s| s.name == name)
    }

    /// The object types a value of type `name` (an object or an interface) may have.
    pub fn possible_objects(&self, name: &str) -> Vec<usize> {
        match self.object(name) {
            Some((index, _)) => vec![index],
            None => self
                .objects
                .iter()
                .enumerate()
                .filter(|(_, o)| o.interfaces.contains(&name))
                .map(|(i, _)| i)
                .collect(),
        }
    }
}

/// Starts a field definition: `field("name", "Type!", "description", body)`.
pub fn field(
    name: &'static str,
    ty: &str,
    description: &str,
    body: impl for<'a> Fn(&Cx<'a>, &Obj, &Args<'_>) -> Resolved<'a> + Send + Sync + 'static,
) -> FieldDef {
    FieldDef {
        name,
        ty: Ty::parse(ty),
        description: describe(description),
        args: Vec::new(),
        body: Arc::new(body),
    }
}

impl FieldDef {
    /// Adds an argument without a default.
    pub fn arg(mut self, name: &'static str, ty: &str, description: &str) -> Self {
        self.args.push(input(name, ty, description));
        self
    }

    /// Adds an argument with a default (a GraphQL literal).
    pub fn arg_default(
        mut self,
        name: &'static str,
        ty: &str,
        default: &'static str,
        description: &str,
    ) -> Self {
        self.args
            .push(input_with_default(name, ty, default, description));
        self
    }

    /// Adds arguments shared by several fields (e.g. a connection's `after`/`first`/...).
    pub fn args(mut self, args: impl IntoIterator<Item = ArgDef>) -> Self {
        self.args.extend(args);
        self
    }
}

/// Starts a subscription field: `subscription("name", "Type!", "description", stream)`.
pub fn subscription(
    name: &'static str,
    ty: &str,
    description: &str,
    stream: impl Fn(&Signals, &Args<'_>) -> Result<BoxStream<'static, Obj>, Error>
        + Send
        + Sync
        + 'static,
) -> SubscriptionDef {
    SubscriptionDef {
        name,
        ty: Ty::parse(ty),
        description: describe(description),
        args: Vec::new(),
        stream: Arc::new(stream),
    }
}

impl SubscriptionDef {
    /// Adds an argument with a default (a GraphQL literal).
    pub fn arg_default(
        mut self,
        name: &'static str,
        ty: &str,
        default: &'static str,
        description: &str,
    ) -> Self {
        self.args
            .push(input_with_default(name, ty, default, description));
        self
    }
}

/// An argument with a default (a GraphQL literal).
pub fn input_with_default(
    name: &'static str,
    ty: &str,
    default: &'static str,
    description: &str,
) -> ArgDef {
    ArgDef {
        default: Some(default),
        ..input(name, ty, description)
    }
}

/// An input field or argument definition, for lists of shared arguments.
pub fn input(name: &'static str, ty: &str, description: &str) -> ArgDef {
    ArgDef {
        name,
        ty: Ty::parse(ty),
        default: None,
        description: describe(description),
    }
}

/// `None` for an empty description.
pub fn describe(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}
