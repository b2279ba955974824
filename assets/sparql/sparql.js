// The SPARQL query page: a query from the URL (`?query=`) or an example, sent to /sparql as a
// form POST; SELECT and ASK answers shown as a table, CONSTRUCT and DESCRIBE as Turtle.
// Each run puts its query in the URL, so a result can be linked to.

const form = document.getElementById('query-form');
const textarea = document.getElementById('query');
const examples = document.getElementById('examples');
const status = document.getElementById('status');
const errorBox = document.getElementById('error');
const results = document.getElementById('results');

async function loadExamples() {
  const response = await fetch('/sparql/assets/examples.json');
  const list = await response.json();
  for (const example of list) {
    const option = document.createElement('option');
    option.textContent = example.title;
    option.value = example.query;
    examples.append(option);
  }
}

examples.addEventListener('change', () => {
  if (examples.value) textarea.value = examples.value;
});

form.addEventListener('submit', (event) => {
  event.preventDefault();
  run(textarea.value);
});

async function run(query) {
  const url = new URL(window.location.href);
  url.searchParams.set('query', query);
  window.history.replaceState(null, '', url);
  errorBox.hidden = true;
  results.replaceChildren();
  status.textContent = 'Running…';
  const started = performance.now();
  try {
    const response = await fetch('/sparql', {
      method: 'POST',
      headers: { accept: 'application/sparql-results+json, text/turtle;q=0.9' },
      body: new URLSearchParams({ query }),
    });
    const text = await response.text();
    if (!response.ok) {
      if (response.status === 503 && response.headers.get('retry-after')) {
        status.textContent = 'The store is being built; trying again…';
        setTimeout(() => run(query), 1000 * Number(response.headers.get('retry-after')));
        return;
      }
      throw new Error(text);
    }
    const type = response.headers.get('content-type') || '';
    const took = Math.round(performance.now() - started);
    if (type.startsWith('application/sparql-results+json')) {
      const count = show(JSON.parse(text));
      status.textContent = `${count} in ${took} ms`;
    } else {
      const pre = document.createElement('pre');
      pre.textContent = text;
      results.append(pre);
      status.textContent = `Turtle in ${took} ms`;
    }
  } catch (error) {
    status.textContent = '';
    errorBox.textContent = error.message;
    errorBox.hidden = false;
  }
}

// A SPARQL JSON results document as a table; the number of rows (or the boolean) as text.
function show(answer) {
  if ('boolean' in answer) {
    const p = document.createElement('p');
    p.textContent = `ASK: ${answer.boolean}`;
    results.append(p);
    return 'one boolean';
  }
  const vars = answer.head.vars;
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  for (const name of vars) {
    const th = document.createElement('th');
    th.textContent = name;
    head.append(th);
  }
  const body = table.createTBody();
  for (const binding of answer.results.bindings) {
    const row = body.insertRow();
    for (const name of vars) row.insertCell().append(cell(binding[name]));
  }
  results.append(table);
  const rows = answer.results.bindings.length;
  return rows === 1 ? '1 row' : `${rows} rows`;
}

// A term: IRIs of this server link to their page, other IRIs are text (nothing remote loads).
function cell(term) {
  if (!term) return '';
  if (term.type !== 'uri') return term.value;
  if (term.value.startsWith(window.location.origin + '/')) {
    const a = document.createElement('a');
    a.href = term.value;
    a.textContent = term.value;
    return a;
  }
  return term.value;
}

const fromUrl = new URLSearchParams(window.location.search).get('query');
loadExamples().catch((error) => {
  errorBox.textContent = `The examples could not be loaded: ${error.message}`;
  errorBox.hidden = false;
});
if (fromUrl) {
  textarea.value = fromUrl;
  run(fromUrl);
}
