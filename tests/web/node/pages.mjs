// Drives Debian's chromium through the dashboard and the agent console (tests/Realtime.Web.Tests/BrowserTests.cs).
// Usage: node pages.mjs <baseUrl> <screenshotDir> <phone> <expectedCustomerId> <errorLine>
// Prints one "OK <step>" line per passed step; any failure exits non-zero with the reason and the page's console.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [baseUrl, screenshotDir, phone, expectedCustomerId, errorLine] = process.argv.slice(2);
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

try {
  const page = await browser.newPage();
  page.setDefaultTimeout(timeout);
  page.on('console', m => consoleLines.push(`[console.${m.type()}] ${m.text()}`));
  page.on('pageerror', e => consoleLines.push(`[pageerror] ${e.message}`));
  page.on('dialog', d => d.accept());

  next('the dashboard waited for its numbers to change');
  // Dashboard: live numbers move while events stream.
  await page.goto(baseUrl + '/');
  await page.waitForFunction(() => /^\d+$/.test(document.getElementById('customers').textContent));
  const first = Number(await page.textContent('#customers'));
  await page.waitForFunction(n => Number(document.getElementById('customers').textContent) > n, first);
  await page.waitForSelector('#quality tbody tr');
  step('dashboard numbers change');

  next('the editor waited for the error at its line');
  // Rules: an error is listed at its line, and that line is highlighted in the gutter.
  await page.waitForFunction(() => document.getElementById('rules-editor').value.includes('company_size >= 50'));
  const active = await page.inputValue('#rules-editor');
  await page.fill('#rules-editor', active.replace('when: traits.company_size >= 50', 'when: traits.company_size >= fifty()'));
  await page.waitForSelector(`#rules-errors li[data-line="${errorLine}"]`);
  await page.waitForSelector(`#rules-gutter span.error-line[data-line="${errorLine}"]`);
  step(`rules error at line ${errorLine}`);

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
  step('agent finds the caller by phone with the explanation');

  next('the preview waited for movers');
  // Preview shows movers, then publishing changes grades (the header's ruleset version moves too).
  await page.fill('#rules-editor', active.replace('points: 20', 'points: 30'));
  await page.waitForFunction(() => !document.getElementById('rules-preview').disabled);
  await page.click('#rules-preview');
  await page.waitForFunction(() => document.querySelector('#movers')?.textContent.includes('C → B'));
  step('preview shows movers');
  await page.click('#rules-publish');
  await page.waitForFunction(() => /^Published v\d+/.test(document.getElementById('rules-status').textContent));
  next('the dashboard waited for publishing and the heat map');
  // The re-graded customers enter the B-grade segment: the heat map fills in.
  await page.waitForSelector('#matrix table.heat td.cell:not(:empty)');
  step('published');
  await page.screenshot({ path: join(screenshotDir, 'dashboard.png'), fullPage: true });
  next('the agent console waited to be re-graded live');
  await agent.waitForFunction(() => document.getElementById('grade').textContent === 'B');
  await agent.waitForFunction(() => document.getElementById('explanation-total').textContent.includes('grade B'));
  step('agent console updated live to the new grade');
  await agent.screenshot({ path: join(screenshotDir, 'agent.png'), fullPage: true });

  next('checking the narrow layout and the trend range');
  // Narrow screen: the pages still lay out in one column without horizontal scrolling.
  await agent.setViewportSize({ width: 400, height: 800 });
  await agent.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
  step('narrow screen');
  // Switching the trend to hours must redraw without a script error.
  await page.check('input[name=trend-range][value=hours]');
  await page.waitForSelector('#trend .uplot');
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
