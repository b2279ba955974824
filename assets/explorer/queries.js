// Every GraphQL document the page sends, in one place. `cargo test` runs each of them against
// the schema (tests/explorer.rs), so a schema change that would break the page fails there.
// Variables used: $text (search text), $ref (slug, alias or name), $after (page cursor),
// $predicate (a `Predicate`).

/** The dialogue the page is about: what `/` opens, and what "participating" means on the map. */
export const DIALOGUE = 'budapest-process';

const STATEMENT_FIELDS = `
  fragment StatementFields on Statement {
    statementId
    predicate
    derivation
    subject { slug name kind }
    object { slug name kind }
    objectLabel
    qualifiers {
      start { iso earliest latest }
      end { iso earliest latest }
      pointInTime { iso earliest latest }
      dateDerivation
      role status format measure unit note
    }
    citations { quote source { id title date { iso } } }
  }`;

export const SEARCH = `
  query Search($text: String!) {
    textSearch(query: $text, first: 10) {
      totalCount
      nodes {
        kind
        snippet { text highlights { start end } }
        entity { slug name kind }
        statement { predicate subject { slug name } objectLabel }
        citation { source { title } }
        passage { ordinal source { id title } }
      }
    }
  }`;

export const ENTITY = `
  query Entity($ref: String!, $after: String) {
    entity(ref: $ref) {
      slug name kind category aliases note
      citations { quote source { id title } }
      statements(first: 100, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { ...StatementFields }
      }
    }
  }
  ${STATEMENT_FIELDS}`;

export const NEIGHBOURHOOD = `
  query Neighbourhood($ref: String!) {
    neighbourhood(entity: $ref, depth: 1) {
      center { slug name kind }
      entities(first: 100) { totalCount nodes { distance entity { slug name kind } } }
      statements(first: 100) {
        totalCount
        nodes { statementId predicate subject { slug } object { slug } }
      }
    }
  }`;

export const GROUPS = `
  query Groups {
    groups(orderBy: SEED, first: 100) { nodes { slug name kind } }
  }`;

export const CHAIR_TIMELINE = `
  query ChairTimeline($after: String) {
    chairTimeline(first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { ...StatementFields }
    }
  }
  ${STATEMENT_FIELDS}`;

export const CO_CHAIR_TIMELINE = `
  query CoChairTimeline($after: String) {
    coChairTimeline(first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { ...StatementFields }
    }
  }
  ${STATEMENT_FIELDS}`;

export const CALENDAR_2026 = `
  query Calendar2026($after: String) {
    meetings(filter: { yearFrom: 2026, yearTo: 2026 }, orderBy: DATE, first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        slug name category status format
        date { iso year month day precision earliest latest }
        venues(first: 10) { nodes { objectLabel object { slug } qualifiers { status } } }
        meetingOf(first: 5) { nodes { slug name } }
      }
    }
  }`;

// The dashboards (map, attendance matrix) read whole statement lists, one predicate at a time,
// with what they show on hover: the meeting's dialogue or group, and each citation's quote.
export const STATEMENTS_OF = `
  query StatementsOf($predicate: Predicate!, $after: String) {
    statements(predicate: $predicate, first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        statementId
        predicate
        subject { slug name kind }
        object {
          slug name kind
          ... on Meeting { date { iso } meetingOf(first: 10) { nodes { slug } } }
        }
        objectLabel
        derivation
        qualifiers { start { iso } end { iso } pointInTime { iso } dateDerivation role note }
        citations { quote source { id title date { iso } } }
      }
    }
  }`;

export const MAP_STATES = `
  query MapStates($after: String) {
    states(first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { slug name iso2 iso3 }
    }
  }`;

/** The dialogue's groups: "participating" covers their meetings and chairs too. */
export const DIALOGUE_GROUPS = `
  query DialogueGroups {
    groups(orderBy: SEED, first: 100) {
      nodes { slug name partOf: statements(predicate: PART_OF, direction: OUTGOING, first: 10) { nodes { object { slug } } } }
    }
  }`;
