//! The linear measure of a selection (each fragment measured once) against naive expansion
//! (every spread replaced by its fragment), on random documents.

use serde_json::json;
/// A random selection for the measuring check: a list field `l` (with a page size or not),
/// an object or scalar field `s`, or a spread of a later fragment.
#[derive(Debug)]
enum Item {
    Field {
        list: bool,
        first: Option<First>,
        children: Vec<Item>,
    },
    Spread(usize),
}

#[derive(Debug, Clone, Copy)]
enum First {
    Literal(usize),
    Variable,
}

/// The value given to `$n` in the measuring check.
const N: usize = 3;

fn random_items(
    rng: &mut fastrand::Rng,
    fragment: usize,
    fragments: usize,
    depth: u32,
) -> Vec<Item> {
    (0..rng.usize(1..4))
        .map(|_| {
            let later = fragment + 1..fragments;
            if !later.is_empty() && rng.bool() {
                return Item::Spread(rng.usize(later));
            }
            let list = rng.bool();
            let first = match rng.u8(0..3) {
                0 => None,
                1 => Some(First::Literal(rng.usize(0..4))),
                _ => Some(First::Variable),
            };
            let children = if depth < 3 && rng.bool() {
                random_items(rng, fragment, fragments, depth + 1)
            } else {
                Vec::new()
            };
            Item::Field {
                list,
                first: first.filter(|_| list),
                children,
            }
        })
        .collect()
}

fn render(items: &[Item]) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|item| match item {
            Item::Spread(j) => format!("...F{j}"),
            Item::Field {
                list,
                first,
                children,
            } => {
                let name = if *list { "l" } else { "s" };
                let arguments = match first {
                    None => String::new(),
                    Some(First::Literal(n)) => format!("(first: {n})"),
                    Some(First::Variable) => "(first: $n)".to_owned(),
                };
                let selection = if children.is_empty() {
                    String::new()
                } else {
                    format!(" {{ {} }}", render(children))
                };
                format!("{name}{arguments}{selection}")
            }
        })
        .collect();
    parts.join(" ")
}

/// Cost, fields and depth by spreading every fragment where it is used, as the rule says.
fn naive(items: &[Item], fragments: &[Vec<Item>]) -> (usize, usize, usize) {
    items.iter().fold((0, 0, 0), |(cost, fields, depth), item| {
        let (c, f, d) = match item {
            Item::Spread(j) => naive(&fragments[*j], fragments),
            Item::Field {
                list,
                first,
                children,
            } => {
                let page = match (list, first) {
                    (false, _) => 1,
                    (true, None) => 20,
                    (true, Some(First::Literal(n))) => *n,
                    (true, Some(First::Variable)) => N,
                };
                let (c, f, d) = naive(children, fragments);
                (page * c + 1, f + 1, d + 1)
            }
        };
        (cost + c, fields + f, depth.max(d))
    })
}

#[test]
fn measuring_once_per_fragment_equals_spreading_every_fragment() {
    use bpgraph_server::limits::{complexity, ListFields};
    let lists = ListFields::of_fields([("l", "LConnection")]);
    let variables = async_graphql::Variables::from_json(json!({ "n": N }));
    let mut rng = fastrand::Rng::with_seed(7);
    for _ in 0..500 {
        let count = rng.usize(1..6);
        let fragments: Vec<Vec<Item>> = (0..count)
            .map(|i| random_items(&mut rng, i, count, 0))
            .collect();
        let operation = random_items(&mut rng, 0, count, 0);
        let mut query = format!("query($n: Int) {{ {} ...F0 }}", render(&operation));
        for (i, items) in fragments.iter().enumerate() {
            query += &format!(" fragment F{i} on Query {{ {} }}", render(items));
        }
        let doc = async_graphql::parser::parse_query(&query).expect("generated queries parse");
        let size = complexity(&doc, &variables, &lists);
        let mut with_first = operation;
        with_first.push(Item::Spread(0));
        assert_eq!(
            (size.cost, size.fields, size.depth),
            naive(&with_first, &fragments),
            "{query}"
        );
    }
}
