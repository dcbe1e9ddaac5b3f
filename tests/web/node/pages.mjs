// Drives Debian's chromium through the dashboard and the agent console (tests/Realtime.Web.Tests/BrowserTests.cs).
// Usage: node pages.mjs <baseUrl> <screenshotDir> <phone> <expectedCustomerId> <errorLine> <errorColumn>
// Prints one "OK <step>" line per passed step; any failure exits non-zero with the reason and the page's console.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [baseUrl, screenshotDir, phone, expectedCustomerId, errorLine, errorColumn] = process.argv.slice(2);
const timeout = 20_000;
const profile = mkdtempSync(join(tmpdir(), 'realtime-chromium-'));
const consoleLines = [];
let doing = 'starting chromium';
const step = name => console.log(`OK ${name}`);
const next = what => { doing = what; };

// A fresh profile per run (Playwright passes it to chromium as --user-data-dir).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  viewport: { width: 1280, height: 800 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});

const headerNumbers = page => page.evaluate(() => ({
  customers: Number(document.getElementById('customers').textContent),
  eventsPerSecond: document.getElementById('events-per-second').textContent,
  pushLatency: document.getElementById('push-latency').textContent,
}));

// Members per grade over the heat map's cells, by column (every grade of the ruleset has one).
const gradeTotals = page => page.evaluate(() => {
  const totals = {};
  for (const th of document.querySelectorAll('#matrix th.grade')) totals[th.textContent] = 0;
  for (const cell of document.querySelectorAll('#matrix td.cell')) totals[cell.dataset.grade] += Number(cell.textContent || 0);
  return totals;
});

// No horizontal scrolling of the page; the quality and flows cards stacked (narrow) or side by side (wide).
async function checkLayout(page, width, arrangement) {
  await page.setViewportSize({ width, height: 800 });
  await page.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
  const [quality, flows] = await page.$$eval('main > section', sections => sections
    .filter(s => s.querySelector('#quality, #flows')).map(s => s.getBoundingClientRect().toJSON()));
  const stacked = flows.top >= quality.bottom - 1 && Math.abs(flows.left - quality.left) < 1;
  const sideBySide = Math.abs(flows.top - quality.top) < 1 && flows.left >= quality.right - 1;
  if (arrangement === 'stacked' ? !stacked : !sideBySide) {
    throw new Error(`at ${width} px the cards should be ${arrangement}: quality ${JSON.stringify(quality)}, flows ${JSON.stringify(flows)}`);
  }
}

try {
  const page = await browser.newPage();
  page.setDefaultTimeout(timeout);
  page.on('console', m => consoleLines.push(`[console.${m.type()}] ${m.text()}`));
  page.on('pageerror', e => consoleLines.push(`[pageerror] ${e.message}`));
  page.on('dialog', d => d.accept());

  next('the pages waited to connect after a refused first connection');
  // The first SignalR connection fails (negotiation refused): each page says so, retries with a growing delay, and
  // goes live once the hub answers.
  for (const path of ['/', '/agent']) {
    const refused = await browser.newPage();
    refused.setDefaultTimeout(timeout);
    refused.on('pageerror', e => consoleLines.push(`[${path} pageerror] ${e.message}`));
    await refused.route('**/hubs/dashboard/negotiate*', route => route.abort());
    await refused.goto(baseUrl + path);
    await refused.waitForFunction(() => /retrying in 2 s \(attempt 2\)/.test(document.getElementById('connection').textContent));
    await refused.unroute('**/hubs/dashboard/negotiate*');
    await refused.waitForFunction(() => document.getElementById('connection').textContent === 'live');
    await refused.close();
  }
  step('a refused first connection is retried with backoff');

  next('the dashboard waited for its numbers to change');
  // Dashboard: live numbers move while events stream: customers, events/s and push latency.
  await page.goto(baseUrl + '/');
  await page.waitForFunction(() => /^\d+$/.test(document.getElementById('customers').textContent)
    && /^\d+$/.test(document.getElementById('events-per-second').textContent)
    && /^[\d.]+ ms$/.test(document.getElementById('push-latency').textContent));
  const before = await headerNumbers(page);
  await page.waitForFunction(b => {
    const text = id => document.getElementById(id).textContent;
    return Number(text('customers')) > b.customers && text('events-per-second') !== b.eventsPerSecond && /^[\d.]+ ms$/.test(text('push-latency'))
      && text('push-latency') !== b.pushLatency;
  }, before);
  await page.waitForSelector('#quality tbody tr');
  step('dashboard numbers change (customers, events/s, push latency)');

  next('checking the quality table and the flows');
  // An empty segment has no mean nor spread ("–", not 0.0); the default ruleset's inactive_90d (min_size 10) is
  // flagged too small, as the server says.
  const quality = await page.$$eval('#quality tbody tr', rows => rows.map(r => ({
    id: r.dataset.segment, size: r.querySelector('.size').textContent, mean: r.querySelector('.mean').textContent,
    stddev: r.querySelector('.stddev').textContent, flags: r.querySelector('.flags').textContent,
  })));
  const empty = quality.filter(q => q.size === '0');
  if (empty.length === 0 || !empty.every(q => q.mean === '–' && q.stddev === '–')) throw new Error(`empty segments: ${JSON.stringify(empty)}`);
  if (!quality.find(q => q.id === 'inactive_90d')?.flags.includes('too small')) throw new Error(`quality flags: ${JSON.stringify(quality)}`);
  // The flows of one window are drawn (the last hour by default), labelled by segment names.
  await page.waitForSelector('#flows path', { state: 'attached' });   // a level band has no height: "hidden" to Playwright
  const flowLabels = await page.$$eval('#flows text title', titles => titles.map(t => t.textContent));
  if (!flowLabels.includes('Active in the last 90 days') || flowLabels.includes('active_90d')) throw new Error(`flow labels: ${JSON.stringify(flowLabels)}`);
  if (await page.textContent('#flows-window') !== 'the last hour') throw new Error('the flows should show the last hour by default');
  step('quality shows "–" for empty segments and the server\'s flags; flows by name for one window');

  next('the trend waited for the server\'s history');
  // The trend is drawn from the server's history at once, on a time axis reading in minutes, not sub-seconds.
  await page.waitForSelector('#trend .uplot');
  await page.waitForFunction(() => (document.getElementById('trend').getAttribute('aria-label') || '').includes('time axis: '));
  const ticks = (await page.getAttribute('#trend', 'aria-label')).split('time axis: ')[1].split(', ');
  if (ticks.length < 3 || !ticks.every(t => /^\d\d:\d\d( [AP]M)?$/.test(t)) || new Set(ticks).size !== ticks.length) {
    throw new Error(`the trend's time ticks should be distinct hours and minutes over the last hour, got ${JSON.stringify(ticks)}`);
  }
  step('trend drawn from the history with time ticks');

  next('the editor waited for the error at its line and column');
  // Rules: an error is listed at its line and column, and that line is highlighted in the gutter.
  await page.waitForFunction(() => document.getElementById('rules-editor').value.includes('company_size >= 50'));
  const active = await page.inputValue('#rules-editor');
  await page.fill('#rules-editor', active.replace('when: traits.company_size >= 50', 'when: traits.company_size >= fifty()'));
  await page.waitForSelector(`#rules-errors li[data-line="${errorLine}"][data-column="${errorColumn}"]`);
  await page.waitForSelector(`#rules-gutter span.error-line[data-line="${errorLine}"]`);
  const listed = await page.textContent(`#rules-errors li[data-line="${errorLine}"]`);
  if (!listed.includes(`Line ${errorLine}, column ${errorColumn}`)) throw new Error(`the error reads "${listed}"`);
  step(`rules error at line ${errorLine}, column ${errorColumn}`);

  next('the editor waited to be marked stale after someone else published');
  // Someone else publishes while the candidate is edited: the page says so and refuses to publish over it.
  const rules = await (await fetch(`${baseUrl}/api/rules`)).json();
  const colleague = await fetch(`${baseUrl}/api/rules/publish`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ yaml: `${rules.yaml.trimEnd()}\n# Reviewed by a colleague.\n`, expectedVersion: Number(rules.version) }),
  });
  if (!colleague.ok) throw new Error(`the colleague's publish failed: ${colleague.status} ${await colleague.text()}`);
  const theirs = Number(rules.version) + 1;
  await page.waitForSelector('#rules-stale:not([hidden])');
  const notice = await page.textContent('#rules-stale-text');
  if (!notice.includes(`v${theirs} was published`) || !notice.includes('stale')) throw new Error(`the notice reads "${notice}"`);
  await page.waitForFunction(() => document.getElementById('rules-stale-diff').textContent.includes('Reviewed by a colleague'));
  await page.fill('#rules-editor', active.replace('points: 20', 'points: 30'));
  await page.waitForFunction(() => !document.getElementById('rules-publish').disabled);
  await page.click('#rules-publish');
  await page.waitForFunction(() => /^Not published: .*\S/.test(document.getElementById('rules-status').textContent));
  const refused = await page.textContent('#rules-status');
  const still = await (await fetch(`${baseUrl}/api/rules`)).json();
  if (Number(still.version) !== theirs) throw new Error(`a stale publish went through (now v${still.version}); the page said "${refused}"`);
  step(`stale edit refused: ${refused}`);
  await page.click('#rules-rebase');
  await page.waitForSelector('#rules-stale', { state: 'hidden' });
  step('rebased deliberately');

  next('the agent console looked the caller up by phone');
  // Agent console: look up by phone (grade C under the default ruleset), with the explanation; it then follows the
  // customer live, so publishing below re-grades them on this page without a new look-up.
  const agent = await browser.newPage();
  agent.setDefaultTimeout(timeout);
  agent.on('console', m => consoleLines.push(`[agent console.${m.type()}] ${m.text()}`));
  agent.on('pageerror', e => consoleLines.push(`[agent pageerror] ${e.message}`));
  await agent.goto(baseUrl + '/agent');
  await agent.fill('#query', phone);
  await agent.press('#query', 'Enter');
  await agent.waitForFunction(id => document.getElementById('customer-name').textContent.includes(id), expectedCustomerId);
  await agent.waitForFunction(() => document.getElementById('explanation').textContent.includes('agrifood'));
  await agent.waitForFunction(() => document.getElementById('grade').textContent === 'C');
  await agent.waitForFunction(() => document.getElementById('call-allowed').textContent.length > 0);
  await agent.waitForFunction(id => document.getElementById('customer').dataset.live === id, expectedCustomerId);
  // The rules that gave points come first; the others are folded away.
  const contributing = await agent.$$eval('#explanation table.contributing tr', rows => rows.map(r => r.textContent));
  if (!contributing.some(r => r.includes('agrifood')) || contributing.some(r => /0×\s*\+0\.0/.test(r))) {
    throw new Error(`contributing rules: ${JSON.stringify(contributing)}`);
  }
  if (await agent.isVisible('#explanation details.idle-rules table')) throw new Error('the rules without points should start folded');
  step('agent finds the caller by phone with the explanation');

  next('the agent console looked up an unknown caller');
  // A failed look-up (the phone number searched as an id, as chosen) hides the previous customer and stops
  // following them; the message names what was tried.
  await agent.selectOption('#by', 'id');
  await agent.press('#query', 'Enter');
  await agent.waitForFunction(p => document.getElementById('message').textContent.includes(`No customer with id '${p}'`), phone);
  if (!await agent.isHidden('#customer')) throw new Error('the previous customer is still shown after a failed look-up');
  if (await agent.getAttribute('#customer', 'data-live') !== null) throw new Error('the previous customer is still followed live');
  step('a failed look-up by id clears the previous customer');
  await agent.selectOption('#by', 'auto');
  await agent.press('#query', 'Enter');
  await agent.waitForFunction(id => document.getElementById('customer').dataset.live === id, expectedCustomerId);

  next('the preview waited for movers');
  // Preview shows movers, then publishing changes grades (the header's ruleset version moves too).
  await page.waitForFunction(() => !document.getElementById('rules-preview').disabled);
  await page.click('#rules-preview');
  await page.waitForFunction(() => document.querySelector('#movers')?.textContent.includes('C → B'));
  step('preview shows movers');
  await page.$eval('#rules-gutter', (gutter, line) => {
    const editor = gutter.parentElement;
    editor.scrollTop += gutter.children[line - 1].getBoundingClientRect().top - editor.getBoundingClientRect().top - 80;
  }, Number(errorLine));
  await page.screenshot({ path: join(screenshotDir, 'dashboard.png'), fullPage: true });

  next('the heat map waited for grade B after publishing');
  // Publishing re-grades the customers: the heat map's B column fills in (it always shows every grade).
  const gradesBefore = await gradeTotals(page);
  if (!['A', 'B', 'C', 'D'].every(g => g in gradesBefore)) throw new Error(`heat map columns: ${Object.keys(gradesBefore)}`);
  await page.click('#rules-publish');
  await page.waitForFunction(() => /^Published v\d+/.test(document.getElementById('rules-status').textContent));
  await page.waitForFunction(b => {
    const totals = {};
    for (const cell of document.querySelectorAll('#matrix td.cell')) totals[cell.dataset.grade] = (totals[cell.dataset.grade] || 0) + Number(cell.textContent || 0);
    return totals.B > b.B;
  }, gradesBefore);
  step(`published: heat map grades change (B was ${gradesBefore.B})`);
  next('the agent console waited to be re-graded live');
  await agent.waitForFunction(() => document.getElementById('grade').textContent === 'B');
  await agent.waitForFunction(() => document.getElementById('explanation-total').textContent.includes('grade B'));
  step('agent console updated live to the new grade');
  await agent.screenshot({ path: join(screenshotDir, 'agent.png'), fullPage: true });

  next('checking the layouts at 1280×800 and 400 px');
  // 1280×800: no horizontal scrolling, quality and flows side by side.
  await checkLayout(page, 1280, 'side by side');
  // Narrow screen: both pages in one column without horizontal scrolling.
  await checkLayout(page, 400, 'stacked');
  // The rules editor keeps long lines whole: its box scrolls sideways instead of cutting them.
  const editorBox = await page.$eval('#rules-editor', e => ({
    cut: e.scrollWidth - e.clientWidth, boxScrolls: e.parentElement.scrollWidth > e.parentElement.clientWidth,
  }));
  if (editorBox.cut > 1 || !editorBox.boxScrolls) throw new Error(`long rule lines at 400 px: ${JSON.stringify(editorBox)}`);
  await agent.setViewportSize({ width: 400, height: 800 });
  await agent.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
  step('layouts at 1280×800 and 400 px');
  await page.setViewportSize({ width: 1280, height: 800 });
  // Switching the trend to the day must redraw without a script error.
  await page.check('input[name=trend-range][value=day]');
  await page.waitForSelector('#trend .uplot');
  await page.check('input[name=flow-window][value="5m"]');
  await page.waitForFunction(() => document.getElementById('flows-window').textContent === 'the last 5 minutes');
  const pageErrors = consoleLines.filter(l => l.includes('pageerror'));
  if (pageErrors.length > 0) throw new Error(`script errors in the pages:\n${pageErrors.join('\n')}`);
  console.log('DONE');
} catch (e) {
  console.error(`FAILED while ${doing}: ${e.message}`);
  console.error(consoleLines.join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
