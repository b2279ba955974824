// The graph as an Apollo user would hold it: bpgraph's JSON-LD export (`bpgraph export --format
// jsonld`) read once into plain objects and arrays, with the indexes the resolvers need built
// once at start. JSON-LD rather than CSV: it is the one whole export that carries every entity
// (with aliases, ISO codes and citations) and every source (with its date), not only the
// statements, and with its fixed `@context` it reads with JSON.parse alone: each node is one
// object, each reference an `{"@id"}` to look up. The export lists sources, then entities in
// seed order, then statements in seed order, and numbers citations in seed order, so the
// orders bpgraph answers in can be rebuilt from it.

import { readFileSync } from "node:fs";

/** A JSON-LD property as an array, whether it was written as one value or several. */
const many = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The key of `ref:` look-ups, as bpgraph's `lookup_key`: lower case, no diacritics (dotless
 * ı as i), single spaces. */
export const lookupKey = (text) =>
  text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replaceAll("ı", "i")
    .split(/\s+/)
    .filter(Boolean)
    .join(" ");

/** `bp:co_chairs` → `CO_CHAIRS`, the GraphQL enum value. */
const enumValue = (compact) => compact.slice(compact.indexOf(":") + 1).toUpperCase();

/** A date node (an instant, or an interval of two instants) as its partial ISO 8601 text. */
function isoOf(nodes, id) {
  const node = nodes.get(id);
  if (node["@type"] === "time:Interval") {
    return `${isoOf(nodes, node["time:hasBeginning"]["@id"])}/${isoOf(nodes, node["time:hasEnd"]["@id"])}`;
  }
  const key = Object.keys(node).find((k) => k.startsWith("time:inXSD"));
  return node[key]["@value"];
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const pad = (n) => String(n).padStart(2, "0");

/** A partial date's first and last day as sortable `YYYY-MM-DD` texts. */
function days(iso) {
  const [from, to = from] = iso.split("/");
  const first = from.split("-").map(Number);
  const last = to.split("-").map(Number);
  const month = last[1] ?? 12;
  const day = last[2] ?? (month === 2 && leap(last[0]) ? 29 : DAYS[month - 1]);
  return {
    first: `${first[0]}-${pad(first[1] ?? 1)}-${pad(first[2] ?? 1)}`,
    last: `${last[0]}-${pad(month)}-${pad(day)}`,
  };
}

/** A PartialDate object for a date reference, or null. */
function partialDate(nodes, ref) {
  if (!ref) return null;
  const iso = isoOf(nodes, ref["@id"]);
  return { iso, ...days(iso) };
}

/** Reads the export at `path` and indexes it. */
export function loadGraph(path) {
  const graph = JSON.parse(readFileSync(path, "utf8"))["@graph"];
  const nodes = new Map(graph.map((node) => [node["@id"], node]));

  const sources = new Map();
  for (const node of graph) {
    if (node["@id"].startsWith("source:") && !node["@id"].includes("#")) {
      sources.set(node["@id"], {
        id: node["dcterms:identifier"],
        title: node["dcterms:title"],
        date: partialDate(nodes, node["time:hasTime"]),
      });
    }
  }
  const citations = (node) =>
    many(node["prov:wasDerivedFrom"]).map(({ "@id": id }) => {
      const quote = nodes.get(id);
      return { source: sources.get(quote["prov:wasQuotedFrom"]["@id"]), quote: quote["prov:value"] };
    });

  const entities = [];
  const entityById = new Map();
  for (const node of graph) {
    const types = many(node["@type"]);
    if (!types[0]?.startsWith("bp:")) continue;
    const typeName = types[0].slice(3);
    const entity = {
      __typename: typeName,
      slug: node["dcterms:identifier"],
      name: node["schema:name"],
      aliases: many(node["schema:alternateName"]),
      kind: typeName.toUpperCase(),
      category: node["bp:category"] ?? null,
      note: node["skos:editorialNote"] ?? null,
      iso2: node["bp:iso2"] ?? null,
      iso3: node["bp:iso3"] ?? null,
      citations: citations(node),
      outgoing: [],
      incoming: [],
    };
    entities.push(entity);
    entityById.set(node["@id"], entity);
  }

  const statements = [];
  for (const node of graph) {
    if (node["@type"] !== "rdf:Statement") continue;
    const object = node["rdf:object"];
    const statement = {
      index: statements.length,
      statementId: node["dcterms:identifier"],
      subject: entityById.get(node["rdf:subject"]["@id"]),
      predicate: enumValue(node["rdf:predicate"]["@id"]),
      object: (object["@id"] && entityById.get(object["@id"])) || null,
      objectText: typeof object === "string" ? object : null,
      objectNumber: object["@type"] === "xsd:decimal" ? Number(object["@value"]) : null,
      qualifiers: {
        start: partialDate(nodes, node["time:hasBeginning"]),
        end: partialDate(nodes, node["time:hasEnd"]),
        pointInTime: partialDate(nodes, node["time:hasTime"]),
        role: node["bp:role"] ?? null,
        status: node["bp:status"]?.toUpperCase() ?? null,
        measure: node["bp:measure"] ?? null,
        unit: node["schema:unitText"] ?? null,
        note: node["skos:editorialNote"] ?? null,
      },
      citations: citations(node),
    };
    statements.push(statement);
    statement.subject.outgoing.push(statement);
    statement.object?.incoming.push(statement);
  }

  const byKey = new Map();
  for (const entity of entities) {
    for (const text of [entity.slug, entity.name, ...entity.aliases]) {
      const key = lookupKey(text);
      if (!byKey.has(key)) byKey.set(key, entity);
    }
  }
  const byKind = new Map();
  for (const entity of entities) {
    if (!byKind.has(entity.kind)) byKind.set(entity.kind, []);
    byKind.get(entity.kind).push(entity);
  }
  return { entities, statements, byKey, byKind };
}
