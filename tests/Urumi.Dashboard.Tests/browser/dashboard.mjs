// Browser scenarios for the dashboard, in Debian's Chromium driven by playwright-core.
// Usage: node dashboard.mjs <scenario>   (env: URUMI_BASE_URL, URUMI_PUBLIC_URL, URUMI_OUT_DIR, URUMI_PLAYWRIGHT; URUMI_API_KEY for functionsHost)
// Prints "step: ..." lines as it goes and exits 0 when every assertion held, 1 otherwise.
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
const { chromium } = require(process.env.URUMI_PLAYWRIGHT || 'playwright-core');
const base = process.env.URUMI_BASE_URL;
// The server's Urumi:Stores:PublicUrl, e.g. http://{host}:18081/: where the emulated shops answer.
const publicUrl = process.env.URUMI_PUBLIC_URL || 'http://{host}/';
const storeUrl = (name) => publicUrl.replace('{host}', `${name}.localhost`);
const out = process.env.URUMI_OUT_DIR || path.resolve('TestResults/dashboard');
const scenario = process.argv[2];
const SETTLE = 120_000;
mkdirSync(out, { recursive: true });

const step = (text) => console.log(`step: ${text}`);

async function launch() {
  // A fresh profile per run: playwright passes it to Chromium as --user-data-dir.
  const profile = mkdtempSync(path.join(tmpdir(), 'urumi-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    baseURL: base,
    colorScheme: 'light',
    reducedMotion: 'reduce',
    viewport: { width: 1440, height: 900 },
  });
  for (const blank of context.pages()) await blank.close();
  return { context, profile };
}

async function openPage(context, width, height = 900) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height });
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => { if (message.type() === 'error' && !/Failed to load resource|ERR_/.test(message.text())) errors.push(message.text()); });
  await page.goto('/');
  await page.getByText('API connected').waitFor();
  // Survives only if the page never reloads.
  await page.evaluate(() => { window.urumiNoReload = true; });
  return { page, errors };
}

async function stillSamePage(page) {
  assert.equal(await page.evaluate(() => window.urumiNoReload), true, 'the page reloaded');
}

const row = (page, name) => page.locator(`tr[data-store="${name}"]`);

async function noHorizontalScroll(page, width) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= width, `the page scrolls sideways at ${width} px (${scrollWidth} px wide)`);
}

/** WCAG contrast of the text of each selector against its first opaque background. */
async function contrastProblems(page, selectors) {
  return page.evaluate((list) => {
    const parse = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (node) => {
      for (let n = node; n; n = n.parentElement) {
        const c = parse(getComputedStyle(n).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const problems = [];
    for (const selector of list) {
      for (const node of document.querySelectorAll(selector)) {
        if (!node.textContent.trim() || node.closest('[hidden]')) continue;
        const fg = parse(getComputedStyle(node).color).slice(0, 3);
        const [a, b] = [lum(fg), lum(background(node))].sort((x, y) => y - x);
        const ratio = (a + 0.05) / (b + 0.05);
        if (ratio < 4.5) problems.push(`${selector}: ${ratio.toFixed(2)}`);
      }
    }
    return problems;
  }, selectors);
}

// The open panel shows `plan` and no operation still running: the store's change has ended.
async function settled(page, plan) {
  await page.waitForFunction(({ source, flags }) => {
    const text = document.querySelector('#panel-summary')?.textContent || '';
    return new RegExp(source, flags).test(text) && !/\((Running|Pending)\)/.test(text);
  }, { source: plan.source, flags: plan.flags }, { timeout: SETTLE });
}

const scenarios = {
  // create → progress visible → Ready → Visit link → credentials → delete (confirmation naming the store) → gone
  async happyPath(context) {
    const { page, errors } = await openPage(context, 1440);
    const creates = [];
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/stores')) creates.push(r.url()); });

    await page.getByLabel('Name').fill('shop1');
    await page.getByLabel('Plan').selectOption('small');
    await page.getByRole('button', { name: 'Deploy store' }).click();
    step('create submitted');

    const shop = row(page, 'shop1');
    await shop.locator('progress').waitFor({ timeout: SETTLE });
    const stepText = await shop.locator('.progress-label').textContent();
    assert.match(stepText, /\d+%/, 'the progress shows a percentage');
    step(`progress visible: ${stepText.trim()}`);
    await shop.screenshot({ path: path.join(out, 'provisioning-row-1440.png') }).catch(() => {});

    await shop.locator('.badge', { hasText: 'Ready' }).waitFor({ timeout: SETTLE });
    step('store is Ready');
    assert.equal(await shop.locator('progress').count(), 0, 'no progress bar once Ready');
    const visit = page.getByRole('link', { name: 'Visit shop1 storefront' });
    assert.equal(await visit.getAttribute('href'), storeUrl('shop1'));
    assert.equal(await page.getByRole('link', { name: 'Open shop1 admin' }).getAttribute('href'), `${storeUrl('shop1')}wp-admin/`);
    assert.match(await shop.locator('time').first().getAttribute('title'), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    step(`Visit link points at ${storeUrl('shop1')}`);

    await page.getByRole('button', { name: 'shop1: show details' }).click();
    await page.getByRole('heading', { name: 'shop1', level: 2 }).waitFor();
    await page.locator('#timeline li').first().waitFor();
    await page.getByRole('button', { name: 'Show admin credentials' }).click();
    const password = (await page.locator('#admin-password').textContent()).trim();
    assert.ok(password.length >= 12, `a real password is shown (got ${password.length} characters)`);
    assert.equal(await page.getByRole('button', { name: 'Hide admin credentials' }).getAttribute('aria-expanded'), 'true');
    await page.locator('#timeline').getByText('Read credentials').waitFor({ timeout: 10_000 });
    await page.locator('#activity-list li', { hasText: 'shop1' }).first().waitFor();
    step('credentials revealed; timeline and activity log show the store');

    await page.screenshot({ path: path.join(out, 'dashboard-1440.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 812 });
    await noHorizontalScroll(page, 375);
    await page.screenshot({ path: path.join(out, 'dashboard-375.png'), fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
    step('screenshots at 1440 and 375 px saved');

    await page.getByLabel('Name').fill('shop1');
    await page.getByRole('button', { name: 'Deploy store' }).click();
    await page.locator('#name-error', { hasText: 'already exists' }).waitFor();
    assert.equal(await page.getByLabel('Name').getAttribute('aria-invalid'), 'true');
    step('a second create of shop1 shows the 409 problem next to the name');

    await shop.getByRole('button', { name: 'Delete shop1' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete shop1?' });
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /store-shop1/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await shop.count(), 1, 'cancel keeps the store');
    await shop.getByRole('button', { name: 'Delete shop1' }).click();
    await dialog.getByRole('button', { name: 'Delete shop1' }).click();
    step('delete confirmed in a dialog naming shop1');
    await shop.waitFor({ state: 'detached', timeout: SETTLE });
    step('shop1 is gone from the list');

    assert.equal(creates.length, 2, 'two create requests');
    await stillSamePage(page);
    assert.deepEqual(errors, []);
  },

  // a Ready store's panel lists its helm history: revision 1, deployed (current), on the plan it was created with
  async revisions(context) {
    const { page, errors } = await openPage(context, 1440);
    await page.getByLabel('Name').fill('revs1');
    await page.getByLabel('Plan').selectOption('small');
    await page.getByRole('button', { name: 'Deploy store' }).click();
    const shop = row(page, 'revs1');
    await shop.locator('.badge', { hasText: 'Ready' }).waitFor({ timeout: SETTLE });
    step('revs1 is Ready');

    await page.getByRole('button', { name: 'revs1: show details' }).click();
    const table = page.getByRole('table', { name: 'Revisions' });
    const first = table.locator('tr[data-revision="1"]');
    await first.waitFor({ timeout: 30_000 });
    const text = await first.textContent();
    assert.match(text, /deployed \(current\)/, 'revision 1 is the deployed one');
    assert.match(text, /small/, 'revision 1 names its plan');
    assert.match(text, /v\d+\.\d+\.\d+/, 'revision 1 names its chart version');
    assert.equal(await page.locator('#revisions-empty').isHidden(), true);
    step(`revisions listed: ${text.trim()}`);

    // The actions, against the contract of PATCH /api/stores/{name} and POST .../rollback (docs/operations.md),
    // answered here by page.route: a history with an older revision, a 409, then a 202.
    const sent = [];
    const history = {
      store: 'revs1',
      revisions: [
        { revision: 2, chart: 'urumi-store-0.1.0', chartVersion: '0.1.0', plan: 'medium', status: 'deployed', updated: new Date().toISOString() },
        { revision: 1, chart: 'urumi-store-0.1.0', chartVersion: '0.1.0', plan: 'small', status: 'superseded', updated: new Date().toISOString() },
      ],
    };
    await page.route('**/api/stores/revs1/revisions', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(history) }));
    const conflict = { type: 'https://urumi.dev/problems/operation-in-progress', title: 'Another operation is running.', status: 409, detail: 'Store revs1 is busy with operation provision-revs1; try again when it has finished.' };
    let answer = { status: 409, contentType: 'application/problem+json', body: JSON.stringify(conflict) };
    const capture = (route) => {
      const request = route.request();
      if (!['PATCH', 'POST'].includes(request.method())) return route.fallback();
      sent.push({ method: request.method(), path: new URL(request.url()).pathname, body: request.postDataJSON() });
      return route.fulfill(answer);
    };
    await page.route('**/api/stores/revs1', capture);
    await page.route('**/api/stores/revs1/rollback', capture);
    await page.getByRole('button', { name: 'revs1: show details' }).click();
    const rollback = table.getByRole('button', { name: 'Roll back to revision 1' });
    await rollback.waitFor();
    assert.equal(await table.locator('tr[data-revision="2"]').getByRole('button').count(), 0, 'no rollback to the current revision');

    await rollback.click();
    const back = page.getByRole('dialog', { name: 'Roll revs1 back to revision 1?' });
    await back.waitFor();
    assert.match(await back.textContent(), /revs1 to revision 1 \(plan small\)/);
    await back.getByRole('button', { name: 'Roll back revs1 to revision 1' }).click();
    await back.getByText('busy with operation provision-revs1').waitFor();
    assert.deepEqual(sent.pop(), { method: 'POST', path: '/api/stores/revs1/rollback', body: { revision: 1 } });
    await back.getByRole('button', { name: 'Cancel' }).click();
    await back.waitFor({ state: 'hidden' });
    step('rollback confirmation names revs1 and revision 1; the 409 detail is shown');

    await page.getByLabel('New plan').selectOption('medium');
    await page.getByRole('button', { name: 'Upgrade plan' }).click();
    const up = page.getByRole('dialog', { name: 'Upgrade revs1 to the medium plan?' });
    await up.waitFor();
    const accepted = { name: 'revs1', status: 'Ready', engine: 'woocommerce', plan: 'small', owner: 'anonymous',
      progress: { step: 'installing', percent: 40, message: 'Upgrading the release.' },
      operation: { id: 'upgrade-revs1-test', kind: 'upgrade', runtimeStatus: 'Running', href: '/api/operations/upgrade-revs1-test' },
      links: { self: '/api/stores/revs1', events: '/api/stores/revs1/events', credentials: '/api/stores/revs1/credentials', operation: '/api/operations/upgrade-revs1-test' } };
    answer = { status: 202, contentType: 'application/json', headers: { 'Retry-After': '30', Location: '/api/operations/upgrade-revs1-test' }, body: JSON.stringify(accepted) };
    await up.getByRole('button', { name: 'Upgrade revs1 to medium' }).click();
    await up.waitFor({ state: 'hidden' });
    assert.deepEqual(sent.pop(), { method: 'PATCH', path: '/api/stores/revs1', body: { plan: 'medium' } });
    await page.locator('#panel-summary progress').waitFor();
    assert.match(await page.locator('#panel-summary').textContent(), /upgrade-revs1-test \(Running\)/);
    assert.equal(await page.getByRole('button', { name: 'Upgrade plan' }).isDisabled(), true, 'no second action while one runs');
    step('upgrade confirmation names revs1 and medium; after the 202 the panel follows the operation');
    await page.screenshot({ path: path.join(out, 'revisions-upgrade-1440.png'), fullPage: true });
    await page.unroute('**/api/stores/revs1/revisions');
    await page.unroute('**/api/stores/revs1');
    await page.unroute('**/api/stores/revs1/rollback');

    await shop.getByRole('button', { name: 'Delete revs1' }).click();
    await page.getByRole('dialog', { name: 'Delete revs1?' }).getByRole('button', { name: 'Delete revs1' }).click();
    await shop.waitFor({ state: 'detached', timeout: SETTLE });
    await stillSamePage(page);
    assert.deepEqual(errors, []);
  },

  // the real upgrade and rollback (needs PATCH /api/stores/{name} and POST .../rollback): small → medium
  // adds revision 2 on medium, rolling back to revision 1 adds revision 3 on small; the panel follows both
  async upgradeRollback(context) {
    const { page, errors } = await openPage(context, 1440);
    await page.getByLabel('Name').fill('upg1');
    await page.getByLabel('Plan').selectOption('small');
    await page.getByRole('button', { name: 'Deploy store' }).click();
    const shop = row(page, 'upg1');
    await shop.locator('.badge', { hasText: 'Ready' }).waitFor({ timeout: SETTLE });
    await page.getByRole('button', { name: 'upg1: show details' }).click();
    const table = page.getByRole('table', { name: 'Revisions' });
    await table.locator('tr[data-revision="1"]').waitFor({ timeout: 30_000 });
    step('upg1 is Ready on revision 1');

    await page.getByLabel('New plan').selectOption('medium');
    await page.getByRole('button', { name: 'Upgrade plan' }).click();
    await page.getByRole('dialog', { name: 'Upgrade upg1 to the medium plan?' }).getByRole('button', { name: 'Upgrade upg1 to medium' }).click();
    const second = table.locator('tr[data-revision="2"]', { hasText: 'deployed (current)' });
    await second.waitFor({ timeout: SETTLE });
    assert.match(await second.textContent(), /medium/);
    // helm has deployed revision 2 before the shop is verified; the store takes the new plan when the upgrade ends
    await settled(page, /woocommerce · medium/);
    step('upgraded: revision 2 is deployed on medium');

    await table.getByRole('button', { name: 'Roll back to revision 1' }).click();
    await page.getByRole('dialog', { name: 'Roll upg1 back to revision 1?' }).getByRole('button', { name: 'Roll back upg1 to revision 1' }).click();
    const third = table.locator('tr[data-revision="3"]', { hasText: 'deployed (current)' });
    await third.waitFor({ timeout: SETTLE });
    assert.match(await third.textContent(), /small/);
    await settled(page, /woocommerce · small/);
    step('rolled back: revision 3 is deployed on small');

    await shop.getByRole('button', { name: 'Delete upg1' }).click();
    await page.getByRole('dialog', { name: 'Delete upg1?' }).getByRole('button', { name: 'Delete upg1' }).click();
    await shop.waitFor({ state: 'detached', timeout: SETTLE });
    await stillSamePage(page);
    assert.deepEqual(errors, []);
  },

  // the overview plots the stores of this stack: the new store's create is a bar and a row of the hidden table,
  // and the Ready bar counts what the list shows as Ready
  async overview(context) {
    const { page, errors } = await openPage(context, 1440);
    await page.getByLabel('Name').fill('ovw1');
    await page.getByRole('button', { name: 'Deploy store' }).click();
    const shop = row(page, 'ovw1');
    await shop.locator('.badge', { hasText: 'Ready' }).waitFor({ timeout: SETTLE });
    step('ovw1 is Ready');

    const section = page.getByRole('region', { name: 'Overview' });
    await section.locator('#overview-table tr[data-create="ovw1"]').waitFor({ state: 'attached', timeout: 30_000 });
    assert.match(await section.locator('#overview-table tr[data-create="ovw1"]').textContent(), /small.*succeeded/);
    assert.equal(await section.locator('svg.chart-duration rect[data-store="ovw1"]').count(), 1, 'the create of ovw1 is a bar');
    const duration = section.getByRole('img', { name: /^Time to Ready over the last \d+ successful creates: median \(p50\) [\d.]+ s, p95 [\d.]+ s\.$/ });
    await duration.waitFor();
    const success = await section.locator('svg.chart-success').getAttribute('aria-label');
    assert.match(success, /^\d+ of \d+ creates succeeded \(\d+%\)\.$/);
    await page.waitForFunction(() => {
      const bar = document.querySelector('svg.chart-phases g[data-status="ready"]');
      const listed = document.querySelectorAll('#stores-body .badge-ready').length;
      return bar && Number(bar.dataset.count) === listed;
    }, null, { timeout: 30_000 });
    const ready = await section.locator('svg.chart-phases g[data-status="ready"]').getAttribute('data-count');
    assert.match(await section.locator('#overview-phases-text').textContent(), new RegExp(`${ready} ready`));
    step(`overview: ${success} ${await section.locator('#overview-phases-text').textContent()}`);
    await section.screenshot({ path: path.join(out, 'overview-1440.png') });

    await shop.getByRole('button', { name: 'Delete ovw1' }).click();
    await page.getByRole('dialog', { name: 'Delete ovw1?' }).getByRole('button', { name: 'Delete ovw1' }).click();
    await shop.waitFor({ state: 'detached', timeout: SETTLE });
    await stillSamePage(page);
    assert.deepEqual(errors, []);
  },

  // the README's "Try it without a cluster": create → Visit → add to cart → checkout with Cash on
  // Delivery → order received → Admin (credentials from the dashboard) → the order is listed → delete
  async shopOrder(context) {
    const { page, errors } = await openPage(context, 1440);
    await page.getByLabel('Name').fill('demo');
    await page.getByRole('button', { name: 'Deploy store' }).click();
    const demo = row(page, 'demo');
    await demo.locator('.badge', { hasText: 'Ready' }).waitFor({ timeout: SETTLE });
    const visit = page.getByRole('link', { name: 'Visit demo storefront' });
    assert.equal(await visit.getAttribute('href'), storeUrl('demo'));
    step(`demo is Ready; Visit opens ${storeUrl('demo')}`);

    const [shop] = await Promise.all([context.waitForEvent('page'), visit.click()]);
    await shop.getByRole('heading', { name: 'Urumi Test Product' }).waitFor();
    assert.equal(shop.url(), storeUrl('demo'));
    await shop.getByRole('button', { name: 'Add to cart' }).click();
    await shop.getByText('has been added to your cart').waitFor();
    step('the product is in the cart');
    await shop.getByRole('link', { name: 'Proceed to checkout' }).click();
    await shop.getByLabel('First name').fill('Ada');
    await shop.getByLabel('Last name').fill('Lovelace');
    await shop.getByLabel('Street address').fill('12 Analytical Row');
    await shop.getByLabel('Town / City').fill('London');
    await shop.getByLabel('Postcode / ZIP').fill('N1 9GU');
    await shop.getByLabel('Email address').fill('ada@example.test');
    assert.equal(await shop.getByLabel('Cash on delivery').isChecked(), true, 'Cash on delivery is the payment method');
    await shop.getByRole('button', { name: 'Place order' }).click();
    await shop.getByText('Thank you. Your order has been received.').waitFor();
    const order = (await shop.locator('.woocommerce-order-overview__order strong').textContent()).trim();
    assert.match(order, /^\d+$/, 'the page shows the order number');
    await shop.setViewportSize({ width: 1024, height: 640 });
    await shop.screenshot({ path: path.join(out, 'order-received.png'), fullPage: true });
    step(`order ${order} received`);

    await page.bringToFront();
    await page.getByRole('button', { name: 'demo: show details' }).click();
    await page.getByRole('button', { name: 'Show admin credentials' }).click();
    const user = (await page.locator('#credentials code').first().textContent()).trim();
    const password = (await page.locator('#admin-password').textContent()).trim();
    const [admin] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Open demo admin' }).click()]);
    await admin.getByLabel('Username or Email Address').fill(user);
    await admin.getByLabel('Password').fill(password);
    await admin.getByRole('button', { name: 'Log In' }).click();
    await admin.getByRole('heading', { name: 'Dashboard' }).waitFor();
    assert.equal(admin.url(), `${storeUrl('demo')}wp-admin/`);
    await admin.getByRole('navigation').getByRole('link', { name: 'Orders' }).click();
    const listed = admin.locator(`tr#order-${order}`);
    await listed.waitFor();
    assert.match(await listed.textContent(), /Ada Lovelace/);
    assert.equal(await admin.locator('table.orders tbody tr').count(), 1, 'only the browser order: the probe deleted its test order');
    await admin.screenshot({ path: path.join(out, 'admin-orders.png'), fullPage: true });
    step(`signed in as ${user}; order ${order} is listed`);

    await page.bringToFront();
    await demo.getByRole('button', { name: 'Delete demo' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete demo?' });
    await dialog.getByRole('button', { name: 'Delete demo' }).click();
    await demo.waitFor({ state: 'detached', timeout: SETTLE });
    step('demo deleted from the dashboard');
    await stillSamePage(page);
    assert.deepEqual(errors, []);
  },

  // while pods start, the row shows the step, the percentage and each pod's state
  async podProgress(context) {
    const { page, errors } = await openPage(context, 1440);
    await page.getByLabel('Name').fill('slow');
    await page.getByRole('button', { name: 'Deploy store' }).click();
    const slow = row(page, 'slow');
    const pods = slow.getByRole('list', { name: 'Pods of slow' });
    await pods.locator('li', { hasText: 'not ready' }).first().waitFor({ timeout: SETTLE });
    const text = await pods.textContent();
    step(`pods: ${text.replace(/\s+/g, ' ').trim()}`);
    assert.match(text, /slow-/);
    assert.match(await slow.locator('.progress-label .step').textContent(), /Waiting for the pods/);
    const value = Number(await slow.locator('progress').getAttribute('value'));
    assert.ok(value > 0 && value < 100, `progress between 0 and 100 (got ${value})`);
    await slow.screenshot({ path: path.join(out, 'pods-row-1440.png') });
    await slow.locator('.badge', { hasText: 'Ready' }).waitFor({ timeout: SETTLE });
    step('slow became Ready');
    await stillSamePage(page);
    assert.deepEqual(errors, []);
  },

  // a store whose image cannot be pulled shows Failed and why, in words
  async failedStore(context) {
    const { page, errors } = await openPage(context, 1440);
    await page.getByLabel('Name').fill('broken');
    await page.getByRole('button', { name: 'Deploy store' }).click();
    const broken = row(page, 'broken');
    await broken.locator('.badge', { hasText: 'Failed' }).waitFor({ timeout: SETTLE });
    const reason = (await broken.locator('.reason').textContent()).trim();
    step(`reason: ${reason}`);
    assert.match(reason, /^Why it failed: .{20,}/);
    assert.match(reason, /broken/);
    assert.match(reason, /image|ImagePull/i);
    assert.equal(await page.getByRole('link', { name: 'Visit broken storefront' }).count(), 0, 'no Visit link for a failed store');
    await page.getByRole('button', { name: 'broken: show details' }).click();
    await page.locator('#timeline li.event-failed').first().waitFor();
    await page.screenshot({ path: path.join(out, 'failed-1440.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 812 });
    await noHorizontalScroll(page, 375);
    await page.screenshot({ path: path.join(out, 'failed-375.png'), fullPage: true });
    step('failed store screenshots saved');
    await stillSamePage(page);
    assert.deepEqual(errors, []);
  },

  // live validation with the API's rules; no request is sent for an invalid name; keyboard only
  async invalidName(context) {
    const { page, errors } = await openPage(context, 375, 812);
    const creates = [];
    page.on('request', (r) => { if (r.method() === 'POST') creates.push(r.url()); });

    // Keyboard only: Tab from the top of the page reaches the name field.
    let reached = false;
    for (let i = 0; i < 20 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement && document.activeElement.id === 'name');
    }
    assert.ok(reached, 'the name field is reachable with Tab');
    await page.keyboard.type('Shop_1');
    const error = page.locator('#name-error');
    assert.equal(await error.textContent(), "The store name 'Shop_1' contains uppercase letters; use lowercase only (for example 'shop_1').");
    await page.keyboard.press('Enter');
    assert.equal(await page.getByLabel('Name').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'name', 'focus stays on the field in error');

    const cases = [
      ['ab', "The store name 'ab' is too short: use at least 3 characters."],
      ['admin', "The store name 'admin' is reserved; choose another name."],
      ['9lives', "The store name '9lives' must start with a letter."],
      ['kube-shop', "Store names must not start with 'kube-', which is reserved for system namespaces."],
      ['my shop', "The store name contains 'U+0020'; only lowercase letters, digits and hyphens are allowed."],
    ];
    for (const [name, message] of cases) {
      await page.getByLabel('Name').fill(name);
      assert.equal(await error.textContent(), message);
      await page.getByRole('button', { name: 'Deploy store' }).click();
    }
    await page.getByLabel('Expires after').fill('-3');
    await page.getByLabel('Name').fill('good-name');
    assert.equal(await error.textContent(), '');
    assert.equal(await page.getByLabel('Name').getAttribute('aria-invalid'), null);
    await page.getByRole('button', { name: 'Deploy store' }).click();
    await page.locator('#expires-error', { hasText: 'whole number of hours' }).waitFor();
    await page.waitForTimeout(500);
    assert.deepEqual(creates, [], 'no create request was sent');
    step('invalid names and expiry shown next to their fields, no request sent');

    await noHorizontalScroll(page, 375);
    const contrast = await contrastProblems(page, ['h1', 'h2', 'label', '.hint', '.optional', '.field-error', 'button', 'th', '.tagline', '.connection']);
    assert.deepEqual(contrast, [], 'text contrast is at least 4.5:1');
    await page.screenshot({ path: path.join(out, 'invalid-name-375.png'), fullPage: true });
    await stillSamePage(page);
    assert.deepEqual(errors, []);
  },

  // the API goes away: the page says so, stays usable, honours Retry-After, and recovers
  async apiDown(context) {
    const { page, errors } = await openPage(context, 1440);
    const listCalls = [];
    page.on('request', (r) => { if (r.method() === 'GET' && new URL(r.url()).pathname === '/api/stores') listCalls.push(Date.now()); });

    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: 'Refresh' }).click();
    const banner = page.getByRole('alert').filter({ hasText: 'The Urumi API is not answering.' });
    await banner.waitFor();
    await page.getByText('API unreachable').waitFor();
    step('offline banner shown');

    await page.getByLabel('Name').fill('Nope');
    await page.locator('#name-error', { hasText: 'uppercase' }).waitFor();
    await page.getByLabel('Name').fill('while-down');
    await page.getByRole('button', { name: 'Deploy store' }).click();
    await page.locator('#create-error', { hasText: 'was not created' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Deploy store' }).isEnabled(), true);
    await page.screenshot({ path: path.join(out, 'api-down-1440.png'), fullPage: true });
    step('the form still validates and explains that nothing was created');

    await page.unroute('**/api/**');
    await page.route('**/api/stores', (route) => route.fulfill({
      status: 503,
      headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '4' },
      body: JSON.stringify({ type: 'https://urumi.dev/problems/dependency-unavailable', title: 'A dependency is unavailable; try again shortly.', status: 503, detail: 'The cluster did not answer: simulated outage.' }),
    }));
    await page.getByRole('button', { name: 'Retry now' }).click();
    await page.locator('#stores-error', { hasText: 'simulated outage' }).waitFor();
    const firstAt = listCalls.length;
    await page.waitForTimeout(3000);
    assert.equal(listCalls.length, firstAt, `no list request before Retry-After passed (${listCalls.length - firstAt} made)`);
    step('a 503 problem is shown next to the list and Retry-After: 4 is honoured');

    await page.unroute('**/api/stores');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByText('API connected').waitFor();
    await banner.waitFor({ state: 'hidden' });
    assert.equal(await page.locator('#stores-error').textContent(), '');
    step('recovered when the API answered again');
    await stillSamePage(page);
    assert.deepEqual(errors, []);
  },

  // the Functions host serves the same page; its function key, typed into the API key box, opens the mutations
  async functionsHost(context) {
    const { page, errors } = await openPage(context, 1440);
    await page.locator('summary', { hasText: 'API key' }).click();
    await page.getByLabel('API key').fill(process.env.URUMI_API_KEY);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('API key saved').waitFor();
    await page.getByLabel('Name').fill('fnshop');
    await page.getByRole('button', { name: 'Deploy store' }).click();
    const shop = row(page, 'fnshop');
    await shop.locator('.badge', { hasText: 'Ready' }).waitFor({ timeout: SETTLE });
    step('fnshop is Ready through the Functions host');
    await page.getByRole('button', { name: 'fnshop: show details' }).click();
    await page.getByRole('button', { name: 'Show admin credentials' }).click();
    assert.ok((await page.locator('#admin-password').textContent()).trim().length >= 12, 'credentials shown with the function key');
    await shop.getByRole('button', { name: 'Delete fnshop' }).click();
    await page.getByRole('dialog', { name: 'Delete fnshop?' }).getByRole('button', { name: 'Delete fnshop' }).click();
    await shop.waitFor({ state: 'detached', timeout: SETTLE });
    step('fnshop deleted');
    await stillSamePage(page);
    assert.deepEqual(errors, []);
  },
};

const run = scenarios[scenario];
if (!run) {
  console.error(`unknown scenario '${scenario}'; one of: ${Object.keys(scenarios).join(', ')}`);
  process.exit(2);
}

const { context, profile } = await launch();
let failed = false;
try {
  await run(context);
  console.log(`passed: ${scenario}`);
} catch (error) {
  failed = true;
  console.error(`failed: ${scenario}: ${error && error.stack ? error.stack : error}`);
  for (const [i, page] of context.pages().entries()) {
    await page.screenshot({ path: path.join(out, `${scenario}-failure-${i}.png`), fullPage: true }).catch(() => {});
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
