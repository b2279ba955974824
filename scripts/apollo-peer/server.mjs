// The peer of `bench apart`: Apollo Server answering a few of bpgraph's queries over the same
// data, written the way an Apollo user writes a server: the schema file as `typeDefs`, plain
// resolver functions over plain objects (`graph.mjs`), `startStandaloneServer`.
//
// The subset answered: `entity(ref:)` (slug, name or alias; not global ids) with its scalar
// fields, citations and `statements(predicate, direction, first)`; `states`, `groups` and the
// other kind lists (no filter criteria; SEED or NAME order); a group's `coChairs` (as claims); a meeting's
// `participants(kind)` and `hosts`. Everything else in the schema is left to Apollo's default
// resolvers, so it answers null where bpgraph has a resolver. `check.sh` proves the shared
// queries answer alike.
//
// Environment: PEER_PORT (the port, default 4000), PEER_DATA (the JSON-LD export to load).
//
// package.json pins exact versions; its `overrides` hold @graphql-tools at the 10.0/11 line,
// whose helpers run on Node 20 (Apollo 5's floor), where the newest resolution wants Node 22.

import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { GraphQLError } from "graphql";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadGraph, lookupKey } from "./graph.mjs";

// The printed schema itself, so the peer's types cannot drift from bpgraph's.
const typeDefs = readFileSync(fileURLToPath(new URL("../../schema.graphql", import.meta.url)), "utf8");

const data = process.env.PEER_DATA;
if (!data) throw new Error("PEER_DATA must name bpgraph's JSON-LD export (bpgraph export --format jsonld)");
const graph = loadGraph(data);

// The page sizes of bpgraph's connections (crates/api/src/connection.rs).
const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

/** A connection over `list`: its first page (`first`, else the default), and its size. */
function connection(list, { first, after, before, last }) {
  if (after !== undefined || before !== undefined || last !== undefined) {
    throw new GraphQLError("the peer pages with `first` only", { extensions: { code: "UNSUPPORTED" } });
  }
  if (first !== undefined && (first < 0 || first > MAX_PAGE)) {
    throw new GraphQLError(`first must be from 0 to ${MAX_PAGE}`, { extensions: { code: "BAD_INPUT" } });
  }
  return { totalCount: list.length, nodes: list.slice(0, first ?? DEFAULT_PAGE) };
}

/** Entities of `kind` in the order asked (by name unless SEED), filter criteria refused. */
function kindList(kind) {
  return (_, { filter, orderBy, ...page }) => {
    if (filter && Object.keys(filter).length > 0) {
      throw new GraphQLError("the peer takes no filter criteria", { extensions: { code: "UNSUPPORTED" } });
    }
    const entities = [...(graph.byKind.get(kind) ?? [])];
    const order = orderBy ?? "NAME";
    if (order === "NAME") entities.sort((a, b) => compare(a.name, b.name));
    else if (order !== "SEED") throw new GraphQLError(`the peer orders by NAME or SEED, not ${order}`);
    return connection(entities, page);
  };
}

/** Code point order, as Rust compares strings. */
const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** An entity's statements in seed order, optionally of one predicate and direction. */
function statementsOf(entity, predicate, direction) {
  const found = [];
  if (direction !== "INCOMING") found.push(...entity.outgoing);
  if (direction !== "OUTGOING") found.push(...entity.incoming);
  found.sort((a, b) => a.index - b.index);
  return found.filter((s, i) => (!predicate || s.predicate === predicate) && found[i - 1] !== s);
}

/** Oldest first by first then last day. */
const chronological = (a, b) => compare(a.first, b.first) || compare(a.last, b.last);

/** When a statement is attested: its point in time, else its earliest source's date. */
const attested = (s) =>
  s.qualifiers.pointInTime ?? s.citations.map((c) => c.source.date).sort(chronological)[0];

/** Whether `date` may fall between `start` and `end` (either open). */
const covers = ({ start, end }, date) =>
  (!start || start.first <= date.last) && (!end || end.last >= date.first);

/** A qualifier on which all of `statements` agree, else null. */
function agreed(statements, get) {
  const first = JSON.stringify(get(statements[0].qualifiers) ?? null);
  return statements.every((s) => JSON.stringify(get(s.qualifiers) ?? null) === first) ? get(statements[0].qualifiers) : null;
}

/** `statements` (in seed order) grouped into claims as bpgraph groups them (crates/graph's
 * claims/build.rs): one subject, predicate, object, role, measure and unit; different explicit
 * intervals apart; an undated statement in the interval covering its date, else with the
 * other uncovered ones; where both kinds exist, the dated claims are PREFERRED. Claims in
 * the order of their first statement. */
function claimsOf(statements) {
  const keyOf = (s) =>
    JSON.stringify([s.subject.slug, s.predicate, s.object?.slug, s.objectText, s.objectNumber, s.qualifiers.role, s.qualifiers.measure, s.qualifiers.unit]);
  const groups = new Map();
  for (const s of statements) {
    if (!groups.has(keyOf(s))) groups.set(keyOf(s), []);
    groups.get(keyOf(s)).push(s);
  }
  const claims = [];
  for (const group of groups.values()) {
    const dated = new Map();
    const undated = [];
    for (const s of group.filter((s) => s.qualifiers.start || s.qualifiers.end)) {
      const span = `${s.qualifiers.start?.iso}/${s.qualifiers.end?.iso}`;
      if (!dated.has(span)) dated.set(span, { start: s.qualifiers.start, end: s.qualifiers.end, members: [] });
      dated.get(span).members.push(s);
    }
    for (const s of group.filter((s) => !s.qualifiers.start && !s.qualifiers.end)) {
      const home = [...dated.values()].find((span) => covers(span, attested(s)));
      (home?.members ?? undated).push(s);
    }
    const rank = undated.length > 0 ? "PREFERRED" : "NORMAL";
    for (const { members } of dated.values()) claims.push(claim(members.sort((a, b) => a.index - b.index), rank));
    if (undated.length > 0) claims.push(claim(undated, "NORMAL"));
  }
  return claims.sort((a, b) => a.index - b.index);
}

/** One claim of `members` (in seed order). */
function claim(members, rank) {
  const attestations = members
    .map((s) => ({ s, date: attested(s) }))
    .sort((a, b) => chronological(a.date, b.date) || a.s.index - b.s.index);
  const dates = attestations.map((a) => a.date);
  const dated = members.find((s) => s.qualifiers.start || s.qualifiers.end)?.qualifiers;
  const seen = new Set();
  return {
    ...members[0],
    rank,
    qualifiers: members.length === 1 ? members[0].qualifiers : {
      start: dated?.start ?? null,
      end: dated?.end ?? null,
      pointInTime: agreed(members, (q) => q.pointInTime),
      role: members[0].qualifiers.role,
      status: agreed(members, (q) => q.status),
      measure: members[0].qualifiers.measure,
      unit: members[0].qualifiers.unit,
      note: agreed(members, (q) => q.note),
    },
    validFrom: dated?.start ?? null,
    validUntil: dated?.end ?? null,
    firstAttested: dates.reduce((a, b) => (chronological(b, a) < 0 ? b : a)),
    lastAttested: dates.reduce((a, b) => (chronological(b, a) > 0 ? b : a)),
    attestations: attestations.map((a) => a.s),
    references: attestations
      .flatMap((a) => a.s.citations)
      .filter((c) => !seen.has(`${c.source.id}\n${c.quote}`) && seen.add(`${c.source.id}\n${c.quote}`)),
  };
}

/** A claim's timeline date: its explicit start, else its first attestation. */
const sortDate = (c) => c.qualifiers.start ?? c.firstAttested;

/** Oldest first by first then last day, then by subject name. */
function timelineOrder(a, b) {
  return chronological(sortDate(a), sortDate(b)) || compare(a.subject.name, b.subject.name);
}

const entityFields = {
  statements: (entity, { predicate, direction, asOf, ...page }) => {
    if (asOf !== undefined) throw new GraphQLError("the peer takes no asOf", { extensions: { code: "UNSUPPORTED" } });
    return connection(statementsOf(entity, predicate, direction), page);
  },
};

const kinds = ["State", "Organisation", "Process", "Region", "Group", "Meeting", "Place", "Project", "Document", "Milestone", "Person"];
const resolvers = {
  Query: {
    entity: (_, { ref }) => graph.byKey.get(lookupKey(ref)) ?? null,
    ...Object.fromEntries(
      [
        ["states", "STATE"],
        ["organisations", "ORGANISATION"],
        ["processes", "PROCESS"],
        ["regions", "REGION"],
        ["groups", "GROUP"],
        ["places", "PLACE"],
        ["projects", "PROJECT"],
        ["documents", "DOCUMENT"],
        ["people", "PERSON"],
      ].map(([field, kind]) => [field, kindList(kind)]),
    ),
  },
  Entity: { __resolveType: (entity) => entity.__typename },
  Node: { __resolveType: (node) => node.__typename ?? "Statement" },
  ...Object.fromEntries(kinds.map((kind) => [kind, { ...entityFields }])),
};
resolvers.Group.coChairs = (group, { asOf, standings, ...page }) => {
  if (asOf !== undefined || standings !== undefined) {
    throw new GraphQLError("the peer takes no asOf", { extensions: { code: "UNSUPPORTED" } });
  }
  return connection(claimsOf(statementsOf(group, "CO_CHAIRS", "INCOMING")).sort(timelineOrder), page);
};
resolvers.Meeting.participants = (meeting, { kind, ...page }) => {
  const attendees = new Set(statementsOf(meeting, "ATTENDED", "INCOMING").map((s) => s.subject));
  // `kind` is a list (one value coerces to a list of one).
  const kinds = kind == null ? null : [kind].flat();
  return connection([...attendees].filter((e) => !kinds || kinds.includes(e.kind)), page);
};
resolvers.Meeting.hosts = (meeting, page) =>
  connection(
    statementsOf(meeting, "HOSTED", "INCOMING").map((s) => s.subject),
    page,
  );

const server = new ApolloServer({ typeDefs, resolvers });
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: Number(process.env.PEER_PORT ?? 4000) },
});
console.log(`apollo peer: ${graph.entities.length} entities, ${graph.statements.length} statements, at ${url}`);
