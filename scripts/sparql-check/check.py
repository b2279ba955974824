"""Checks the linked-data exports against the GraphQL API of a running server.

1. Loads /export/graph.ttl into a pyoxigraph store and asks SPARQL for the co-chairs of every
   group, twice: through the direct triples (`?state bp:co_chairs ?group`) and through the
   statement nodes with their citations (statement id, group, state, source, quote). Asks the
   GraphQL API the same questions and fails unless both answers are the same sets.
2. Fetches /entity/turkiye as Turtle and checks it parses and names Türkiye.

Usage: check.py SERVER_URL BASE_IRI
"""

import json
import sys
import urllib.request

from pyoxigraph import Literal, NamedNode, RdfFormat, Store, parse


def fetch(url, accept, body=None):
    headers = {"Accept": accept}
    if body is not None:
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=body, headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def graphql(server, query):
    body = json.dumps({"query": query}).encode()
    answer = json.loads(fetch(server + "/graphql", "application/json", body))
    if answer.get("errors"):
        sys.exit(f"sparql-check: the GraphQL query failed: {answer['errors']}")
    return answer["data"]


PAIRS_SPARQL = """
PREFIX bp: <{vocab}>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?group ?state WHERE {{
  ?g a bp:Group ; dcterms:identifier ?group .
  ?s bp:co_chairs ?g ; dcterms:identifier ?state .
}}
"""

CITED_SPARQL = """
PREFIX bp: <{vocab}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?statement ?group ?state ?source ?quote WHERE {{
  ?st a rdf:Statement ; rdf:predicate bp:co_chairs ; dcterms:identifier ?statement ;
      rdf:subject/dcterms:identifier ?state ; rdf:object ?g ; prov:wasDerivedFrom ?c .
  ?g a bp:Group ; dcterms:identifier ?group .
  ?c prov:value ?quote ; prov:wasQuotedFrom/dcterms:identifier ?source .
}}
"""

GRAPHQL = """{
  groups(first: 50) {
    totalCount
    nodes {
      slug
      coChairs(first: 50) {
        totalCount
        nodes {
          subject { slug }
          attestations { statementId citations { source { id } quote } }
        }
      }
    }
  }
}"""


def sparql_rows(store, query, names):
    return {tuple(solution[name].value for name in names) for solution in store.query(query)}


def graphql_rows(server):
    groups = graphql(server, GRAPHQL)["groups"]
    if groups["totalCount"] != len(groups["nodes"]):
        sys.exit("sparql-check: more groups than one page; page through them")
    pairs, cited = set(), set()
    for group in groups["nodes"]:
        co_chairs = group["coChairs"]
        if co_chairs["totalCount"] != len(co_chairs["nodes"]):
            sys.exit(f"sparql-check: more co-chairs of {group['slug']} than one page")
        # A claim per co-chair; the export's rows are its attestations (statements).
        for claim in co_chairs["nodes"]:
            state = claim["subject"]["slug"]
            pairs.add((group["slug"], state))
            for statement in claim["attestations"]:
                for citation in statement["citations"]:
                    cited.add(
                        (statement["statementId"], group["slug"], state, citation["source"]["id"], citation["quote"])
                    )
    return pairs, cited


def compare(what, sparql, graphql_set):
    print(f"sparql-check: {what}: SPARQL {len(sparql)}, GraphQL {len(graphql_set)}")
    if sparql == graphql_set:
        return True
    for row in sorted(sparql - graphql_set):
        print(f"  only in SPARQL:  {row}")
    for row in sorted(graphql_set - sparql):
        print(f"  only in GraphQL: {row}")
    return False


def main():
    server, base = sys.argv[1].rstrip("/"), sys.argv[2]
    vocab = base + "vocab#"
    store = Store()
    store.load(fetch(server + "/export/graph.ttl", "text/turtle"), format=RdfFormat.TURTLE)
    print(f"sparql-check: /export/graph.ttl loaded, {len(store)} triples")

    pairs, cited = graphql_rows(server)
    results = [
        compare(
            "co-chair pairs (group, state)",
            sparql_rows(store, PAIRS_SPARQL.format(vocab=vocab), ["group", "state"]),
            pairs,
        ),
        compare(
            "cited co-chair statements (statement, group, state, source, quote)",
            sparql_rows(
                store, CITED_SPARQL.format(vocab=vocab), ["statement", "group", "state", "source", "quote"]
            ),
            cited,
        ),
    ]
    if not pairs:
        print("sparql-check: no co-chairs at all: the comparison would prove nothing")
        results.append(False)

    entity = fetch(server + "/entity/turkiye", "text/turtle")
    triples = list(parse(entity, format=RdfFormat.TURTLE))
    named = any(
        t.subject == NamedNode(base + "entity/turkiye")
        and t.predicate == NamedNode("http://schema.org/name")
        and t.object == Literal("Türkiye")
        for t in triples
    )
    print(f"sparql-check: /entity/turkiye as Turtle: {len(triples)} triples, names Türkiye: {named}")
    results.append(named)

    failed = results.count(False)
    print(f"sparql-check: {len(results) - failed} passed, {failed} failed")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
