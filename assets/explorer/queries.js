// Every GraphQL document the page sends, in one place. `cargo test` runs each of them against
// the schema (tests/explorer.rs), so a schema change that would break the page fails there.
// Variables used: $text (search text), $ref (slug, alias or name), $after (page cursor).

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
