//! The [`Catalog`] as async-graphql's dynamic schema: the engine that validates every
//! document, answers introspection, and answers what a plan does not (requests that fail).
//! Its resolvers call the same bodies as the direct path. It alone runs subscriptions: their
//! stream bodies read the [`Signals`] in the schema's data.

use super::{ArgDef, Args, Catalog, Cx, FieldDef, Obj, Out, Signals, SubscriptionDef, Ty};
use crate::errors::RequestNulling;
use async_graphql::dynamic::{
    Enum, EnumItem, Field, FieldFuture, FieldValue, InputObject, InputValue, Interface,
    InterfaceField, Object, ResolverContext, Scalar, Schema, SchemaBuilder, Subscription,
    SubscriptionField, SubscriptionFieldFuture,
};
use async_graphql::futures_util::StreamExt;
use async_graphql::{Name, Number, Value};
use bpgraph_graph::KnowledgeGraph;
use bpgraph_model::iri::BaseIri;
use bpgraph_search::SearchIndex;
use std::sync::Arc;

/// The root type of subscriptions, when the catalog has any.
pub const SUBSCRIPTION_ROOT: &str = "Subscription";

/// The dynamic schema's builder: every type of `catalog` registered, `Query` the root (and
/// `Subscription` the subscription root when the catalog has subscription fields).
pub fn builder(catalog: &'static Catalog) -> SchemaBuilder {
    let subscriptions = (!catalog.subscriptions.is_empty()).then_some(SUBSCRIPTION_ROOT);
    let mut schema = Schema::build("Query", None, subscriptions);
    if subscriptions.is_some() {
        let mut root = Subscription::new(SUBSCRIPTION_ROOT).description(
            "Live updates, over a WebSocket on /graphql (graphql-transport-ws, or the legacy\n\
             graphql-ws); plain HTTP refuses subscriptions.",
        );
        for def in &catalog.subscriptions {
            root = root.field(stream_resolver(def));
        }
        schema = schema.register(root);
    }
    for def in &catalog.scalars {
        let accepts = def.accepts;
        let mut scalar = Scalar::new(def.name).validator(accepts);
        if let Some(text) = &def.description {
            scalar = scalar.description(text);
        }
        schema = schema.register(scalar);
    }
    for def in &catalog.enums {
        let mut enumeration = Enum::new(def.name);
        if let Some(text) = &def.description {
            enumeration = enumeration.description(text);
        }
        for (value, description) in &def.values {
            let mut item = EnumItem::new(*value);
            if let Some(text) = description {
                item = item.description(text);
            }
            enumeration = enumeration.item(item);
        }
        schema = schema.register(enumeration);
    }
    for def in &catalog.inputs {
        let mut input = InputObject::new(def.name);
        if let Some(text) = &def.description {
            input = input.description(text);
        }
        for field in &def.fields {
            input = input.field(input_value(field));
        }
        schema = schema.register(input);
    }
    for def in &catalog.interfaces {
        let mut interface = Interface::new(def.name);
        if let Some(text) = &def.description {
            interface = interface.description(text);
        }
        for field in &def.fields {
            let mut shared = InterfaceField::new(field.name, field.ty.to_type_ref());
            if let Some(text) = &field.description {
                shared = shared.description(text);
            }
            for arg in &field.args {
                shared = shared.argument(input_value(arg));
            }
            interface = interface.field(shared);
        }
        schema = schema.register(interface);
    }
    for def in &catalog.objects {
        let mut object = Object::new(def.name.as_str());
        if let Some(text) = &def.description {
            object = object.description(text);
        }
        for name in &def.interfaces {
            object = object.implement(*name);
        }
        for field in &def.fields {
            object = object.field(resolver(field));
        }
        schema = schema.register(object);
    }
    schema
}

fn input_value(def: &ArgDef) -> InputValue {
    let mut value = InputValue::new(def.name, def.ty.to_type_ref());
    if let Some(text) = &def.description {
        value = value.description(text);
    }
    if let Some(default) = def.default {
        value = value.default_value(literal(default));
    }
    value
}

/// A default written as a GraphQL literal: an integer, `true`/`false`, a quoted string, or
/// an enum value.
pub fn literal(text: &str) -> Value {
    if let Ok(n) = text.parse::<i64>() {
        return Value::Number(Number::from(n));
    }
    match text {
        "true" => Value::Boolean(true),
        "false" => Value::Boolean(false),
        "null" => Value::Null,
        _ => match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            Some(string) => Value::String(string.to_owned()),
            None => Value::Enum(Name::new(text)),
        },
    }
}

fn resolver(def: &FieldDef) -> Field {
    let body = def.body.clone();
    let ty = def.ty.clone();
    let mut field = Field::new(
        def.name,
        def.ty.to_type_ref(),
        move |ctx: ResolverContext| {
            let value = (|| {
                let cx = Cx {
                    graph: ctx.data::<Arc<KnowledgeGraph>>()?,
                    base: ctx.data::<BaseIri>()?,
                    search: ctx.data::<SearchIndex>()?,
                };
                let parent = ctx.parent_value.downcast_ref::<Obj>().unwrap_or(&Obj::Root);
                let out = body(&cx, parent, &Args(ctx.args.as_index_map()))?;
                let nulls = ctx.data_opt::<RequestNulling>();
                let at = ctx.path_node.as_ref();
                Ok(field_value(&cx, &ty, out, &|index| {
                    if let Some(nulls) = nulls {
                        nulls.null_item(at, index);
                    }
                }))
            })();
            FieldFuture::Value(match value {
                Ok(value) => value,
                Err(error) => {
                    return FieldFuture::new(async move { Err::<Option<Value>, _>(error) })
                }
            })
        },
    );
    if let Some(text) = &def.description {
        field = field.description(text);
    }
    for arg in &def.args {
        field = field.argument(input_value(arg));
    }
    field
}

/// A subscription field: its stream body over the schema's [`Signals`], each object it
/// yields handed on to the object type's resolvers.
fn stream_resolver(def: &SubscriptionDef) -> SubscriptionField {
    let stream = def.stream.clone();
    let mut field = SubscriptionField::new(def.name, def.ty.to_type_ref(), move |ctx| {
        let stream = stream.clone();
        SubscriptionFieldFuture::new(async move {
            let signals = ctx.data::<Signals>().map_err(|_| {
                crate::errors::coded(
                    "subscriptions are not served here",
                    crate::ErrorCode::InternalError,
                )
            })?;
            let objects = stream(signals, &Args(ctx.args.as_index_map()))?;
            Ok(objects.map(|obj| Ok(FieldValue::owned_any(obj))))
        })
    });
    if let Some(text) = &def.description {
        field = field.description(text);
    }
    for arg in &def.args {
        field = field.argument(input_value(arg));
    }
    field
}

/// `out` as async-graphql's value of a field of type `ty`; `null_item` is told the index of
/// each `null` item of a list (which async-graphql cannot hold for object types).
fn field_value(
    cx: &Cx<'_>,
    ty: &Ty,
    out: Out<'_>,
    null_item: &dyn Fn(usize),
) -> Option<FieldValue<'static>> {
    Some(match out {
        Out::Null => return None,
        Out::Bool(b) => FieldValue::value(b),
        Out::Int(n) => FieldValue::value(n),
        Out::Float(x) => FieldValue::value(x),
        Out::Str(text) => FieldValue::value(text.into_owned()),
        Out::Enum(name) => FieldValue::value(Value::Enum(Name::new(name))),
        // async-graphql needs the object type of a value of an interface type, and passes
        // an object type's value on as it is (so it must not be wrapped then).
        Out::Object(obj) if Catalog::get().interface(ty.name()).is_some() => {
            let type_name = obj.type_name(cx);
            FieldValue::owned_any(obj).with_type(type_name)
        }
        Out::Object(obj) => FieldValue::owned_any(obj),
        Out::List(items) => {
            let item_ty = ty.item().cloned().unwrap_or_else(|| ty.clone());
            FieldValue::list(items.into_iter().enumerate().map(|(index, item)| {
                field_value(cx, &item_ty, item, &|_| {}).unwrap_or_else(|| {
                    null_item(index);
                    FieldValue::NULL
                })
            }))
        }
    })
}
