//! The preview card OpenRefine shows in a frame when a candidate is hovered
//! (`GET /reconcile/preview?id={slug}`): the name, the kind, the other names, and a quote
//! from a source that names the entity. Every text is escaped (quick-xml's escaping: `&`,
//! `<`, `>`, `'` and `"`, which is what HTML text and attributes need).

use super::catalogue::type_id;
use super::manifest::describe;
use bpgraph_graph::EntityRef;
use quick_xml::escape::escape;
use std::fmt::Write;

/// The page of one entity's card.
pub fn card(entity: EntityRef<'_>, explorer_url: &str) -> String {
    let mut html = String::with_capacity(1024);
    html.push_str(concat!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        "<title>",
    ));
    html.push_str(&escape(entity.name()));
    html.push_str(concat!(
        "</title><style>",
        "body{font:13px/1.4 system-ui,sans-serif;margin:8px;color:#222}",
        "h1{font-size:15px;margin:0 0 4px}.kind{color:#555}",
        "blockquote{margin:6px 0;padding-left:8px;border-left:3px solid #aaa}",
        "cite{color:#555;font-size:12px}",
        "</style></head><body>\n",
    ));
    let _ = write!(
        html,
        "<h1><a href=\"{}\" target=\"_blank\" rel=\"noopener\">{}</a></h1>\n<div class=\"kind\">{}",
        escape(explorer_url),
        escape(entity.name()),
        type_id(entity.kind()),
    );
    if let Some(description) = describe(entity) {
        let _ = write!(html, " · {}", escape(&description));
    }
    html.push_str("</div>\n");
    let aliases: Vec<&str> = entity.aliases().collect();
    if !aliases.is_empty() {
        let _ = writeln!(html, "<div>Also: {}</div>", escape(aliases.join("; ")));
    }
    if let Some(citation) = entity.citations().next() {
        let _ = writeln!(
            html,
            "<blockquote>“{}”<br><cite>{}</cite></blockquote>",
            escape(citation.quote()),
            escape(citation.source().title()),
        );
    }
    html.push_str("</body></html>\n");
    html
}
