//! Every type and field of the schema, each defined once with its body (see
//! [`crate::schema`] for how both engines are derived from these definitions).
//!
//! - [`enums`]: enums, the `DateInput` scalar and the `EntityFilter` input;
//! - [`entity`]: the `Entity` and `Node` interfaces, the fields every entity shares, and one
//!   object type per kind;
//! - [`statement`]: statements, qualifiers, dates, citations and sources;
//! - [`claim`]: claims (what statements attest, with rank and standing) and the fields they
//!   share with statements;
//! - [`query`]: the root `Query` type;
//! - [`outputs`]: paths, neighbourhoods, statistics, the vocabulary;
//! - [`search`]: `search` and `textSearch` hits;
//! - [`subscription`]: the `Subscription` root (`dataVersionChanged`) and its events;
//! - this file: the helpers they share, and connections (one `…Connection` and `…Edge` type
//!   per item type, from one definition).

mod claim;
mod entity;
pub(crate) mod enums;
mod outputs;
mod query;
mod search;
mod statement;
pub(crate) mod subscription;

pub use entity::kind_type_name;

use crate::ids::encode_cursor;
use crate::schema::{
    describe, field, input, ArgDef, Args, Catalog, Cx, EnumDef, FieldDef, InputDef, InterfaceDef,
    Obj, ObjectDef, Out, Record, Resolved, Ty,
};
use std::any::Any;
use std::sync::Arc;

/// Fills `catalog` with every type of the schema.
pub(crate) fn define(catalog: &mut Catalog) {
    enums::define(catalog);
    entity::define(catalog);
    statement::define(catalog);
    claim::define(catalog);
    outputs::define(catalog);
    search::define(catalog);
    query::define(catalog);
    subscription::define(catalog);
    catalog.objects.push(page_info());
}

fn object(
    name: &str,
    description: &str,
    interfaces: &[&'static str],
    fields: Vec<FieldDef>,
) -> ObjectDef {
    ObjectDef {
        name: name.to_owned(),
        description: describe(description),
        interfaces: interfaces.to_vec(),
        fields,
    }
}

fn interface(name: &'static str, description: &str, fields: Vec<FieldDef>) -> InterfaceDef {
    InterfaceDef {
        name,
        description: describe(description),
        fields,
    }
}

fn enumeration(name: &'static str, description: &str, values: &[(&'static str, &str)]) -> EnumDef {
    EnumDef {
        name,
        description: describe(description),
        values: values.iter().map(|(v, d)| (*v, describe(d))).collect(),
    }
}

fn input_object(name: &'static str, description: &str, fields: Vec<ArgDef>) -> InputDef {
    InputDef {
        name,
        description: describe(description),
        fields,
    }
}

/// An interface field's body: never called, since each object answers its own fields.
fn shared<'a>(_: &Cx<'a>, _: &Obj, _: &Args<'_>) -> Resolved<'a> {
    Err(crate::errors::coded(
        "internal error: an interface field was resolved on the interface",
        crate::ErrorCode::InternalError,
    ))
}

/// `after`, `before`, `first` and `last`: the arguments of every connection field, their
/// descriptions saying the page sizes (from the constants that enforce them).
fn page_args() -> Vec<ArgDef> {
    use crate::connection::{DEFAULT_PAGE, MAX_PAGE};
    vec![
        input(
            "after",
            "String",
            "Items after this cursor (an edge's `cursor`).",
        ),
        input("before", "String", "Items before this cursor."),
        input(
            "first",
            "Int",
            &format!(
                "The first items (0 to {MAX_PAGE}); without `first` or `last`, the first \
                 {DEFAULT_PAGE}. `pageInfo.hasNextPage` says whether more follow."
            ),
        ),
        input("last", "Int", &format!("The last items (0 to {MAX_PAGE}).")),
    ]
}

/// One page of a list: what a `…Connection` object is.
struct Connection {
    page: Arc<PageOf>,
}

/// The items of one page and where it lies in the whole list.
struct PageOf {
    connection: &'static str,
    edge: &'static str,
    nodes: Vec<Obj>,
    start: usize,
    total: usize,
}

struct Edge {
    page: Arc<PageOf>,
    at: usize,
}

struct PageInfo {
    page: Arc<PageOf>,
}

impl Record for Connection {
    fn type_name(&self) -> &'static str {
        self.page.connection
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Record for Edge {
    fn type_name(&self) -> &'static str {
        self.page.edge
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Record for PageInfo {
    fn type_name(&self) -> &'static str {
        "PageInfo"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The names of the connection and edge types over `item` objects, worked out once when a
/// field is defined, not on every answer.
#[derive(Clone, Copy)]
struct Pages {
    connection: &'static str,
    edge: &'static str,
}

impl Pages {
    fn of(item: &str) -> Pages {
        Pages {
            connection: Ty::parse(&format!("{item}Connection")).name(),
            edge: Ty::parse(&format!("{item}Edge")).name(),
        }
    }

    /// The type of a field whose value is one of these pages.
    fn field_type(self) -> String {
        format!("{}!", self.connection)
    }
}

/// A page of `items` (by the field's `after`/`before`/`first`/`last`) as a connection.
fn paginate<'a>(pages: Pages, items: Vec<Obj>, args: &Args<'_>) -> Resolved<'a> {
    let total = items.len();
    let (start, end) = args.page().window(total)?;
    let nodes = items.into_iter().skip(start).take(end - start).collect();
    page(pages, nodes, start, total)
}

/// The page `nodes`, starting at `start` of a list of `total`, as a connection.
fn page<'a>(pages: Pages, nodes: Vec<Obj>, start: usize, total: usize) -> Resolved<'a> {
    let page = PageOf {
        connection: pages.connection,
        edge: pages.edge,
        nodes,
        start,
        total,
    };
    Out::record(Connection {
        page: Arc::new(page),
    })
}

/// A field whose value is a page of `items`: type `{item}Connection!`, with the connection
/// arguments.
fn list(
    name: &'static str,
    item: &str,
    description: &str,
    items: impl for<'a> Fn(&Cx<'a>, &Obj, &Args<'_>) -> Result<Vec<Obj>, async_graphql::Error>
        + Send
        + Sync
        + 'static,
) -> FieldDef {
    let pages = Pages::of(item);
    field(
        name,
        &pages.field_type(),
        description,
        move |cx, obj, args| paginate(pages, items(cx, obj, args)?, args),
    )
    .args(page_args())
}

/// The `{item}Connection` and `{item}Edge` object types.
fn connection_types(item: &str) -> [ObjectDef; 2] {
    let connection = object(
        &format!("{item}Connection"),
        "",
        &[],
        vec![
            field(
                "pageInfo",
                "PageInfo!",
                "Information to aid in pagination.",
                |_, obj, _| {
                    let page = obj.record::<Connection>()?.page.clone();
                    Out::record(PageInfo { page })
                },
            ),
            field(
                "edges",
                &format!("[{item}Edge!]!"),
                "A list of edges.",
                |_, obj, _| {
                    let page = &obj.record::<Connection>()?.page;
                    Ok(Out::List(
                        (0..page.nodes.len())
                            .map(|at| {
                                Out::Object(Obj::Record(Arc::new(Edge {
                                    page: page.clone(),
                                    at,
                                })))
                            })
                            .collect(),
                    ))
                },
            ),
            field(
                "nodes",
                &format!("[{item}!]!"),
                "A list of nodes.",
                |_, obj, _| {
                    let page = &obj.record::<Connection>()?.page;
                    Ok(Out::List(
                        page.nodes.iter().cloned().map(Out::Object).collect(),
                    ))
                },
            ),
            field(
                "totalCount",
                "Int!",
                "Number of items in the whole list, across all pages.",
                |_, obj, _| Out::count(obj.record::<Connection>()?.page.total),
            ),
        ],
    );
    let edge = object(
        &format!("{item}Edge"),
        "An edge in a connection.",
        &[],
        vec![
            field(
                "node",
                &format!("{item}!"),
                "The item at the end of the edge",
                |_, obj, _| {
                    let edge = obj.record::<Edge>()?;
                    Ok(Out::Object(edge.page.nodes[edge.at].clone()))
                },
            ),
            field(
                "cursor",
                "String!",
                "A cursor for use in pagination",
                |_, obj, _| {
                    let edge = obj.record::<Edge>()?;
                    Out::string(encode_cursor(edge.page.start + edge.at))
                },
            ),
        ],
    );
    [connection, edge]
}

fn page_info() -> ObjectDef {
    let info = |obj: &Obj| obj.record::<PageInfo>().map(|i| i.page.clone());
    object(
        "PageInfo",
        "Information about pagination in a connection",
        &[],
        vec![
            field(
                "hasPreviousPage",
                "Boolean!",
                "When paginating backwards, are there more items?",
                move |_, obj, _| Ok(Out::Bool(info(obj)?.start > 0)),
            ),
            field(
                "hasNextPage",
                "Boolean!",
                "When paginating forwards, are there more items?",
                move |_, obj, _| {
                    let page = info(obj)?;
                    Ok(Out::Bool(page.start + page.nodes.len() < page.total))
                },
            ),
            field(
                "startCursor",
                "String",
                "When paginating backwards, the cursor to continue.",
                move |_, obj, _| {
                    let page = info(obj)?;
                    Out::opt((!page.nodes.is_empty()).then_some(page.start), |at| {
                        Out::string(encode_cursor(at))
                    })
                },
            ),
            field(
                "endCursor",
                "String",
                "When paginating forwards, the cursor to continue.",
                move |_, obj, _| {
                    let page = info(obj)?;
                    let last = (page.start + page.nodes.len()).checked_sub(1);
                    Out::opt(last.filter(|_| !page.nodes.is_empty()), |at| {
                        Out::string(encode_cursor(at))
                    })
                },
            ),
        ],
    )
}

/// A placeholder body for a field not yet given one (removed when the last is written).
#[allow(dead_code)]
fn todo(
    name: &'static str,
) -> impl for<'a> Fn(&Cx<'a>, &Obj, &Args<'_>) -> Resolved<'a> + Send + Sync + 'static {
    move |_, _, _| {
        Err(crate::errors::coded(
            format!("internal error: `{name}` has no body yet"),
            crate::ErrorCode::InternalError,
        ))
    }
}
