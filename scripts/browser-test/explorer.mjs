// Drives the explorer page in headless Chromium (Debian's /usr/bin/chromium, never a
// downloaded browser) with every request to another host refused, as if offline: search
// "turkiye", open Türkiye, read a statement's quote, grow the graph, read the chairs timeline
// with its disagreement marker and the 2026 calendar, colour the map of the states by its
// layers (by its controls and by URL), read a quote in the attendance matrix, expand a group
// of the dialogue's grouped neighbourhood, see a dashboard say that its query failed, and run
// a subscription in GraphiQL (over its WebSocket).
// Fails on any console error, page error or failed request; saves screenshots to the
// directory given.
//
// Usage: node explorer.mjs BASE_URL SCREENSHOT_DIR

import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';

const [base, shots] = process.argv.slice(2);
if (!base || !shots) {
  console.error('usage: node explorer.mjs BASE_URL SCREENSHOT_DIR');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const origin = new URL(base).origin;

const problems = [];
/** How long views took to show real data, printed at the end (a figure, not a test). */
const timings = [];
let pageStarted = 0;
const since = (start, what) => timings.push(`${what}: ${Math.round(performance.now() - start)} ms`);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  // Containers often lack the user namespaces Chromium's sandbox wants.
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });

// The network is cut off: only the server under test answers; anything else is refused and
// counted as a failure (the page must need nothing from elsewhere).
await context.route('**/*', (route) => {
  const url = route.request().url();
  if (url.startsWith(`${origin}/`)) return route.continue();
  problems.push(`request to another host: ${url}`);
  return route.abort('internetdisconnected');
});

const page = await context.newPage();
page.on('console', (message) => {
  if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
});
page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
page.on('requestfailed', (request) => {
  const reason = request.failure()?.errorText;
  // Leaving a page cancels what it still loads (the favicon, say): not a failure.
  if (reason === 'net::ERR_ABORTED') return;
  problems.push(`request failed: ${request.url()} (${reason})`);
});
page.on('response', (response) => {
  if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
});

async function step(name, run) {
  process.stdout.write(`- ${name} … `);
  await run();
  console.log('ok');
}

const nodeCount = () => page.evaluate(() => window.explorer.graph.nodeCount());

try {
  await step('the page loads from the server alone', async () => {
    pageStarted = performance.now();
    await page.goto(`${base}/`, { waitUntil: 'load' });
    await page.getByRole('heading', { level: 2, name: 'Budapest Process' }).waitFor();
  });

  await step('the dialogue\'s many neighbours come grouped by relation, and a group expands', async () => {
    await page.evaluate(() => window.explorer.graph.idle());
    since(pageStarted, 'the dialogue\'s grouped graph, from navigation to drawn');
    const groups = () => page.evaluate(() => window.explorer.graph.groups());
    const before = await groups();
    assert.ok(before.length >= 3 && before.every((g) => g.collapsed), `collapsed groups (${before.length})`);
    const drawn = await nodeCount();
    assert.ok(drawn < 30, `fewer nodes than the dialogue's fifty neighbours (${drawn})`);
    const meetings = before.find((g) => /^\d+ meetings · meeting of$/.test(g.label));
    assert.ok(meetings, `a group of the dialogue's meetings: ${before.map((g) => g.label)}`);
    const where = await page.evaluate((id) => window.explorer.graph.renderedPosition(id), meetings.id);
    const box = await page.locator('#graph').boundingBox();
    await page.mouse.click(box.x + where.x, box.y + where.y);
    await page.evaluate(() => window.explorer.graph.idle());
    const opened = (await groups()).find((g) => g.id === meetings.id);
    const size = Number(meetings.label.split(' ')[0]);
    assert.ok(!opened.collapsed && opened.members === size, `the group opened: ${JSON.stringify(opened)}`);
    assert.equal(await nodeCount(), drawn + size, 'its members are drawn');
    assert.ok(await page.evaluate(() => window.explorer.graph.renderedPosition('som-37')), 'the 37th SOM among them');
    assert.match(page.url(), /[?&]entity=budapest-process\b/, 'a group is not an entity to open');
    await page.screenshot({ path: `${shots}/hub.png` });

    // The keyboard opens groups too, by their buttons under the graph.
    const button = page.locator('#graph-groups').getByRole('button', { name: /milestones/ });
    await button.focus();
    await page.keyboard.press('Enter');
    await page.evaluate(() => window.explorer.graph.idle());
    assert.ok((await groups()).some((g) => /milestones/.test(g.label) && !g.collapsed), 'the milestones opened');
    assert.equal(await page.locator('#graph-groups').getByRole('button', { name: /milestones/ }).count(), 0);

    // A member that is a hub itself opens as a picture of its own, grouped the same way.
    await page.goto(`${base}/`);
    await page.evaluate(() => window.explorer.graph.idle());
    await page.locator('#graph-groups').getByRole('button', { name: meetings.label }).click();
    await page.evaluate(() => window.explorer.graph.idle());
    const som37 = await page.evaluate(() => window.explorer.graph.renderedPosition('som-37'));
    await page.mouse.click(box.x + som37.x, box.y + som37.y);
    await page.locator('#panel').getByRole('heading', { level: 2, name: '37th Senior Officials Meeting' }).waitFor();
    await page.evaluate(() => window.explorer.graph.idle());
    const its = await groups();
    assert.ok(its.length >= 3 && its.every((g) => g.id.startsWith('group som-37 ')), `its own groups: ${its.map((g) => g.label)}`);
    assert.ok(its.some((g) => /^\d+ states · attended$/.test(g.label)), 'the states that attended, in one group');
  });

  await step('"turkiye" finds Türkiye in the search box, its name marked', async () => {
    const search = page.getByRole('combobox', { name: /search/i });
    await search.fill('turkiye');
    // Statements about Türkiye are titled by it too; the entity itself ranks first.
    const hit = page.getByRole('option', { name: /^Türkiye/ }).first();
    await hit.waitFor();
    assert.equal(await hit.locator('mark').first().innerText(), 'Türkiye', 'the match is marked');
    await page.screenshot({ path: `${shots}/search.png` });
    await search.press('ArrowDown');
    assert.equal(await hit.getAttribute('aria-selected'), 'true', 'the best match is highlighted first');
    await search.press('Enter');
  });

  await step('the panel shows Türkiye with its statements and quotes', async () => {
    const panel = page.locator('#panel');
    await panel.getByRole('heading', { level: 2, name: 'Türkiye' }).waitFor();
    assert.match(page.url(), /[?&]entity=turkiye\b/, 'the URL names the entity');
    assert.match(await panel.locator('.aliases').innerText(), /Turkey/);
    const statements = panel.locator('li.statement');
    assert.ok((await statements.count()) >= 10, 'Türkiye has statements');
    const chairs = statements.filter({ hasText: 'chairs' }).first();
    assert.match(await chairs.locator('blockquote').first().innerText(), /\S{3,}/, 'a statement carries its quote');
    assert.ok(await chairs.locator('cite').count() > 0, 'and names its source');
  });

  await step('clicking a neighbour grows the graph and opens it', async () => {
    await page.evaluate(() => window.explorer.graph.idle());
    const before = await nodeCount();
    assert.ok(before > 10, `Türkiye's neighbourhood is drawn (${before} nodes)`);
    // The Return and Reintegration group: Türkiye co-chairs it, and it has neighbours of its
    // own (its other co-chairs, its meetings).
    const slug = 'twg-return-reintegration';
    const where = await page.evaluate((s) => window.explorer.graph.renderedPosition(s), slug);
    assert.ok(where, 'the group is in Türkiye\'s neighbourhood');
    const box = await page.locator('#graph').boundingBox();
    await page.mouse.click(box.x + where.x, box.y + where.y);
    const name = 'Thematic Working Group on Return and Reintegration';
    await page.locator('#panel').getByRole('heading', { level: 2, name }).waitFor();
    await page.evaluate(() => window.explorer.graph.idle());
    const after = await nodeCount();
    assert.ok(after > before, `the graph grew (${before} → ${after} nodes)`);
    assert.ok(await page.evaluate(() => window.explorer.graph.renderedPosition('iraq')), 'Iraq, its co-chair, joined');
    assert.match(page.url(), new RegExp(`[?&]entity=${slug}\\b`));
    await page.screenshot({ path: `${shots}/graph.png` });
  });

  await step('the timeline lists co-chairs and marks the sources that disagree', async () => {
    await page.getByRole('link', { name: 'Chairs timeline' }).click();
    assert.match(page.url(), /[?&]view=timeline\b/);
    const group = page.getByRole('region', { name: 'Thematic Working Group on Return and Reintegration' });
    await group.waitFor();
    assert.ok(await group.locator('.tl-label', { hasText: 'co-chairs' }).count() >= 3, 'its co-chair rows');
    const marker = group.getByRole('button', { name: /Iraq · co-chairs: the sources disagree/ });
    await marker.click();
    const detail = page.locator('#timeline-detail');
    await detail.getByText('the sources disagree').waitFor();
    assert.equal(await detail.locator('li.statement.conflict').count(), 2, 'both statements side by side');
    assert.match(await detail.innerText(), /as of 2026, Iraq/);
    assert.match(await detail.innerText(), /cochaired by Bangladesh, Iraq and Türkiye/);
    const dialogue = page.getByRole('region', { name: 'Budapest Process' });
    assert.ok(await dialogue.locator('.tl-label', { hasText: 'Türkiye chairs' }).count() === 1, 'the dialogue\'s chair');
    await page.screenshot({ path: `${shots}/timeline.png`, fullPage: true });
  });

  await step('the 2026 calendar shows meetings by month with format and status', async () => {
    await page.getByRole('link', { name: '2026 calendar' }).click();
    assert.match(page.url(), /[?&]view=calendar\b/);
    const june = page.getByRole('region', { name: 'June 2026' });
    const meeting = june.locator('li.meeting', { hasText: 'Law Enforcement Cooperation' });
    await meeting.waitFor();
    assert.match(await meeting.innerText(), /25–26 June 2026/);
    assert.match(await meeting.innerText(), /planned/i);
    assert.match(await meeting.innerText(), /in person/i);
    assert.match(await page.getByRole('region', { name: 'May 2026' }).innerText(), /TBC/);
    await page.screenshot({ path: `${shots}/calendar.png`, fullPage: true });
  });

  await step('#map colours the states by layer, names them on hover and opens one', async () => {
    const started = performance.now();
    await page.goto(`${base}/#map`);
    await page.waitForURL(/[?&]view=map\b/);
    const coloured = page.locator('.country.on');
    await coloured.first().waitFor();
    since(started, 'map, from navigation to coloured states');
    const participating = await coloured.count();
    assert.ok(participating > 20, `states taking part are coloured (${participating})`);
    const others = await page.locator('.country:not(.in-data)').count();
    assert.ok(others > 20, `the countries around them are drawn too (${others})`);
    const side = page.locator('.map-side');
    assert.match(await side.innerText(), /Not on the map[\s\S]*Malta/, 'the state the map cannot place is listed');
    await page.locator('.country[data-slug=turkiye]').hover();
    const tooltip = page.getByRole('tooltip');
    await tooltip.getByText('Türkiye').waitFor();
    assert.match(await tooltip.innerText(), /chairs Budapest Process/);
    await page.screenshot({ path: `${shots}/map.png` });

    const layer = page.locator('#map-layer');
    await layer.selectOption({ label: 'Co-chair of a group' });
    await page.waitForFunction(() => document.querySelectorAll('.country.on').length < 10);
    const coChairs = await page.locator('.country.on').evaluateAll((shapes) => shapes.map((s) => s.dataset.slug).sort());
    assert.deepEqual(coChairs, ['bangladesh', 'bulgaria', 'iraq', 'italy', 'pakistan', 'turkiye']);
    await layer.selectOption({ label: 'Attended a meeting' });
    await page.locator('#map-meeting').selectOption('som-24');
    // 22 states attended the 24th meeting (a few of them outside the regional view).
    await page.locator('.map-legend').getByText('attended the meeting (22)').waitFor();
    assert.match(page.url(), /[?&]layer=attended&meeting=som-24\b/, 'the URL names the layer and meeting');
    // … so it can be linked to.
    await page.goto(`${base}/?view=map&layer=co-chair`);
    await page.locator('.map-legend').getByText('co-chairs a working group (6)').waitFor();
    assert.equal(await page.locator('#map-layer').inputValue(), 'co-chair');

    // The keyboard reaches the states too: Enter opens one.
    await page.locator('.country[data-slug=iraq]').focus();
    await tooltip.getByText('Iraq').waitFor();
    await page.keyboard.press('Enter');
    await page.locator('#panel').getByRole('heading', { level: 2, name: 'Iraq' }).waitFor();
    assert.match(page.url(), /[?&]entity=iraq\b/);
  });

  await step('the attendance matrix sorts, and a mark shows its quote', async () => {
    const started = performance.now();
    await page.getByRole('link', { name: 'Attendance' }).click();
    assert.match(page.url(), /[?&]view=matrix\b/);
    const table = page.locator('.matrix-table');
    await table.locator('tbody tr').first().waitFor();
    since(started, 'attendance matrix, from the tab to its rows');
    const rows = await table.locator('tbody tr').count();
    const columns = await table.locator('thead th.matrix-meeting').count();
    assert.ok(rows > 20 && columns >= 2, `rows and columns (${rows} × ${columns})`);
    const names = () => table.locator('tbody tr th a').allInnerTexts();
    const aToZ = (list) => [...list].sort((a, b) => a.localeCompare(b));
    await table.getByRole('button', { name: /^Name/ }).click();
    const ascending = await names();
    assert.deepEqual(ascending, aToZ(ascending), 'A to Z');
    await table.getByRole('button', { name: /^Name/ }).click();
    assert.deepEqual(await names(), aToZ(ascending).reverse(), 'Z to A');
    await table.getByRole('button', { name: /^Meetings/ }).click();
    const counts = await table.locator('tbody td.matrix-count').allInnerTexts();
    assert.deepEqual(counts.map(Number), counts.map(Number).sort((a, b) => b - a), 'most meetings first');
    const mark = table.getByRole('button', { name: /^Türkiye attended 37th Senior Officials Meeting/ });
    assert.match(await mark.getAttribute('title'), /Türkiye/, 'the quote on hover');
    await mark.click();
    const detail = page.locator('#matrix-detail');
    await detail.getByRole('heading', { name: 'Türkiye at 37th Senior Officials Meeting' }).waitFor();
    assert.match(await detail.locator('blockquote').first().innerText(), /Türkiye/);
    await page.screenshot({ path: `${shots}/matrix.png` });
  });

  await step('a dashboard whose query fails says so', async () => {
    // The server answers the map's first query with 503, as an overloaded server would.
    await page.route('**/graphql', (route) => {
      if (!(route.request().postData() ?? '').includes('query MapStates')) return route.continue();
      return route.fulfill({ status: 503, contentType: 'text/plain', body: 'busy' });
    });
    await page.goto(`${base}/?view=map`);
    await page.locator('#map .failed').getByText('The map could not be loaded.').waitFor();
    await page.getByRole('alert').getByText(/503/).waitFor();
    await page.unroute('**/graphql');
    // Those failures were the point: do not count them below.
    const expected = (p) => /HTTP 503|status of 503/.test(p);
    problems.splice(0, problems.length, ...problems.filter((p) => !expected(p)));
    // Opening the view again asks again, and now it works.
    await page.getByRole('link', { name: 'Attendance' }).click();
    await page.getByRole('link', { name: 'Map' }).click();
    await page.locator('.country.on').first().waitFor();
  });

  await step('a deep link opens an entity by any spelling, and back returns', async () => {
    await page.goto(`${base}/?entity=TÜRKIYE`);
    await page.locator('#panel').getByRole('heading', { level: 2, name: 'Türkiye' }).waitFor();
    await page.waitForURL(/[?&]entity=turkiye\b/);
    await page.getByRole('link', { name: '2026 calendar' }).click();
    await page.goBack();
    await page.waitForURL(/[?&]entity=turkiye\b/);
    assert.ok(await page.locator('#view-entity').isVisible());
  });

  await step('an API error is shown, not swallowed', async () => {
    await page.goto(`${base}/?entity=no-such-entity-anywhere`);
    await page.locator('#panel').getByRole('heading', { level: 2, name: 'Not found' }).waitFor();
    // The graph asks for the neighbourhood of an unknown entity: the API says NOT_FOUND.
    await page.getByRole('alert').getByText(/NOT_FOUND/).waitFor();
    // That error was expected: do not count it below.
    const expected = (p) => /HTTP 404|NOT_FOUND|status of 404/.test(p);
    problems.splice(0, problems.length, ...problems.filter((p) => !expected(p)));
  });

  await step('GraphiQL runs a subscription over the WebSocket and shows its first event', async () => {
    await page.goto(`${base}/graphiql`);
    await page.locator('.graphiql-query-editor .CodeMirror').first().waitFor();
    await page.evaluate((query) => {
      document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(query);
    }, 'subscription Live { dataVersionChanged(initial: true) { version entityCount } }');
    // GraphiQL takes the operation's name from the edited text a moment later (its tab shows
    // it); run before that and it sends the name of the tab's previous operation.
    await page.locator('.graphiql-tab-active').getByText('Live').waitFor();
    await page.locator('.graphiql-execute-button').click();
    const version = await page.evaluate(async () => {
      const answer = await fetch('/graphql?query=%7BdataVersion%7D');
      return (await answer.json()).data.dataVersion;
    });
    await page.locator('.result-window').getByText(version).waitFor();
    await page.screenshot({ path: `${shots}/graphiql-subscription.png` });
  });
} catch (error) {
  // What the page looked like when a step failed.
  await page.screenshot({ path: `${shots}/failure.png`, fullPage: true }).catch(() => {});
  throw error;
} finally {
  await browser.close();
}

if (problems.length > 0) {
  console.error(`\n${problems.length} problem(s):\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`browser test passed; screenshots in ${shots}`);
console.log(`timings (debug build, shared machine): ${timings.join('; ')}`);
