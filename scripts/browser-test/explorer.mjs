// Drives the explorer page in headless Chromium (Debian's /usr/bin/chromium, never a
// downloaded browser) with every request to another host refused, as if offline: search
// "turkiye", open Türkiye, read a statement's quote, grow the graph, read the chairs timeline
// with its disagreement marker and the 2026 calendar. Fails on any console error, page error
// or failed request; saves screenshots to the directory given.
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
    await page.goto(`${base}/`, { waitUntil: 'load' });
    await page.getByRole('heading', { level: 2, name: 'Budapest Process' }).waitFor();
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
