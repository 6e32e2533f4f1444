// The admin's main flow: sign in with a key, the overview KPIs, find a member, their 360 page (orders
// with a refund, feedback, scores, the ledger as CSV), add a note and adjust points with a reason, tags and
// a contact logged from another member's 360; every admin page at phone width, without layout shift; then the team's pages: charts, the call list and
// follow-ups, an import with a rejected row, and tables downloaded as CSV; then the program editor: a
// rule through its form and JSON views, dry run, backtest and activation; an API key shown once; a coupon;
// every other program screen (tiers, rewards, draws, referrals, surveys, journeys, segments, webhooks)
// through its form, read back from the API, with refusals shown at the field until corrected; a long ledger downloaded whole as CSV and loaded a page
// at a time.
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createMemberVia, orderBody } from './harness.js';
import { accessibilityProblems, expectAccessible, screenshot, startWebTest, type WebTest } from './web-harness.js';

let w: WebTest;
const email = 'grace@example.com';
let graceId = '';
const DAY = 86_400_000;

beforeAll(async () => {
  w = await startWebTest();
  const { t } = w;
  const memberId = await createMemberVia(t, { email, name: 'Grace Hopper', marketingConsent: true });
  graceId = memberId;
  const other = await createMemberVia(t, { marketingConsent: true, name: 'Alan Turing' });
  const placed: string[] = [];
  for (const [id, price] of [[memberId, 4200], [memberId, 1800], [other, 999]] as const) {
    const body = orderBody(id, [{ unitPrice: price }], new Date(t.now().getTime() - DAY).toISOString());
    // Alan's coffee is a brand's: the brand repurchase chart has one bar.
    const order = await call(t, 'POST', '/v1/orders', id === other ? { ...body, lines: body.lines.map((line) => ({ ...line, brand: 'Illy' })) } : body);
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    placed.push(order.body.id);
  }
  // A walk-in's 15.00 sale, imported without a member: the members-vs-non-members chart has both sides.
  const walkIn = { order_id: 'walk-in-1', member_external_id: '', occurred_at: new Date(t.now().getTime() - DAY).toISOString(), line_id: '1', sku: 'LATTE', quantity: 1, unit_price: 1500, currency: 'EUR' };
  const imported = await call(t, 'POST', '/v1/imports/orders', { rows: [walkIn] });
  expect(imported.body, JSON.stringify(imported.body)).toMatchObject({ imported: 1, rejected: 0 });
  // Grace's 18.00 order comes back: her 360 shows the refund (revenue counts orders before refunds).
  const refund = await call(t, 'POST', `/v1/orders/${placed[1]}/refunds`, { lines: [{ lineId: 'l1', quantity: 1 }], reason: 'Spilled' });
  expect(refund.status, JSON.stringify(refund.body)).toBe(201);
  // Older orders give the cohort heatmap a row with later months; they fall before the overview's 30 days
  // (and are the other member's, whose points are not checked: these are past the return window).
  for (const daysAgo of [75, 45]) {
    const order = await call(t, 'POST', '/v1/orders', orderBody(other, [{ unitPrice: 500 }], new Date(t.now().getTime() - daysAgo * DAY).toISOString()));
    expect(order.status, JSON.stringify(order.body)).toBe(201);
  }
  // Answers for the NPS trend (two stores, two weeks); Grace's 3 is a detractor: a follow-up and a call-back.
  const survey = await call(t, 'POST', '/v1/feedback/surveys', {
    name: 'How are we doing?', trigger: { type: 'manual' }, questions: [{ id: 'nps', type: 'nps', text: { en: 'Would you recommend us?' } }],
  });
  expect(survey.status, JSON.stringify(survey.body)).toBe(201);
  for (const [id, score, storeId, staffId, daysAgo] of [[other, 10, 'tallinn', 'ott', 14], [other, 9, 'riga', 'dana', 0], [memberId, 3, 'riga', 'dana', 0]] as const) {
    const submittedAt = new Date(t.now().getTime() - daysAgo * DAY - 60_000).toISOString();
    const response = await call(t, 'POST', '/v1/feedback/responses', { surveyId: survey.body.id, memberId: id, storeId, staffId, submittedAt, answers: [{ questionId: 'nps', value: score }] });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
  }
  const rule = await call(t, 'POST', '/v1/engagement/cadence-rules', { name: 'Call detractors back', source: { type: 'detractor', withinDays: 7 }, priority: 1 });
  expect(rule.status, JSON.stringify(rule.body)).toBe(201);
});
afterAll(() => w?.close());

describe('admin', () => {
  it('signs in, shows the overview, finds a member, their 360, adds a note, adjusts points, logs a contact; phone width', async () => {
    const page = await w.browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await page.goto(`${w.baseUrl}/admin`);
    await page.getByLabel('API key').fill('fid_not_a_real_key_at_all_0000000000');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').getByText(/unknown or revoked/).waitFor();
    await expectAccessible(page, 'admin sign-in with an error');
    await page.getByLabel('API key').fill(w.t.keys.admin);
    await page.keyboard.press('Enter');

    const members = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Members' }) });
    await members.getByText('2', { exact: true }).waitFor();
    // Both joined today: none at the period's start, so the change is "new" and the weekly line rises only at its end.
    expect(await members.locator('.kpi-change').textContent()).toBe('▲ new vs previous period');
    expect(await members.getByRole('img', { name: 'Members trend' }).locator('polyline').getAttribute('points')).toMatch(/^0\.0,24\.0 (\S+,24\.0 )*100\.0,0\.0$/);
    const buyers = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Buyers' }) });
    await buyers.getByText('2', { exact: true }).waitFor();
    await page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Revenue' }) }).getByText('€69.99').waitFor();
    // Six 30-day periods: buyers 0, 0, 0, 1 (75 days ago), 1 (45 days ago), 2 — the line ends at its top right.
    const buyersLine = await buyers.getByRole('img', { name: 'Buyers trend' }).locator('polyline').getAttribute('points');
    expect(buyersLine).toBe('0.0,24.0 20.0,24.0 40.0,24.0 60.0,12.0 80.0,12.0 100.0,0.0');
    expect(await accessibilityProblems(page)).toEqual([]);
    await expectAccessible(page, 'admin overview');
    await screenshot(page, 'admin-overview');

    // A coupon made for Grace shows on her 360 (a shared code would not).
    const coupon = await call(w.t, 'POST', '/v1/coupons', { codes: ['GRACE-10'], memberId: graceId, discount: { type: 'percent', percent: 10 }, minOrder: 2000, expiresAt: '2099-12-31T00:00:00Z' });
    expect(coupon.status, JSON.stringify(coupon.body)).toBe(201);

    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Members' }).click();
    await page.getByLabel(/Email, phone, member id/).fill(email);
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Grace Hopper' }).click();
    await page.getByRole('heading', { name: 'Grace Hopper' }).waitFor();
    await page.getByRole('cell', { name: /order/i }).first().waitFor();

    await page.getByLabel('Note', { exact: true }).fill('Prefers oat milk.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByText('Prefers oat milk.', { exact: false }).first().waitFor();

    await page.getByLabel('Points (negative to remove)').fill('250');
    await page.getByLabel('Reason', { exact: true }).fill('Apology for a late delivery');
    await page.getByRole('button', { name: 'Adjust' }).click();
    await page.getByRole('status').getByText(/Adjusted by 250 points/).waitFor();
    await page.getByRole('cell', { name: /Apology for a late delivery/ }).waitFor();
    expect(await page.getByTestId('balance').textContent()).toMatch(/^250 available$/);

    // A refused change is explained, not swallowed.
    await page.getByLabel('Points (negative to remove)').fill('5');
    await page.getByLabel('Reason', { exact: true }).fill('no');
    await page.getByLabel('Reason', { exact: true }).evaluate((input: HTMLInputElement) => input.removeAttribute('minlength'));
    await page.getByRole('button', { name: 'Adjust' }).click();
    await page.getByRole('alert').getByText(/reason/).waitFor();

    // Orders with their lines and refunds; her answers with the follow-up still open; scores not run yet.
    const orders = page.getByRole('region', { name: 'Orders' });
    const refunded = orders.getByRole('row', { name: /€18\.00/ });
    await refunded.getByText('−€18.00, −18 pts', { exact: false }).waitFor();
    await refunded.getByText('(Spilled)', { exact: false }).waitFor();
    await refunded.getByText('1 line').click();
    await refunded.getByText(/1× SKU-1 \(coffee\) €18\.00 · 18 pts · 1 refunded/).waitFor();
    await orders.getByRole('row', { name: /€42\.00/ }).getByText('none').waitFor();
    const feedback = page.getByRole('region', { name: 'Feedback' });
    await feedback.getByRole('row', { name: /^\S+ \d+, \d{4} 3 — — — riga dana — open$/ }).waitFor();
    await feedback.getByText(/Follow-up open \(detractor\), due .*, not assigned/).waitFor();
    await page.getByRole('region', { name: 'Scores' }).getByText('Not scored yet.').waitFor();
    await page.getByRole('region', { name: 'Coupons' }).getByRole('row', { name: /GRACE10 10% off, orders from 20\.00 active Dec 3[01], 2099/ }).waitFor();

    // The ledger as CSV: every entry with its explanation, the adjustment and the refund's clawback among them.
    const ledger = page.getByRole('region', { name: 'Ledger' });
    const ledgerCsv = await downloadText(page, () => ledger.getByRole('button', { name: /Download CSV/ }).click());
    expect(ledgerCsv.name).toBe(`ledger-${graceId}.csv`);
    const ledgerLines = ledgerCsv.text.split('\r\n');
    expect(ledgerLines[0]).toBe('\ufeffDate,Kind,Points,What happened');
    expect(ledgerLines.filter((line) => line !== '').length).toBe(5); // header, two earnings, a clawback, the adjustment
    expect(ledgerCsv.text).toMatch(/\r\n\d{4}-\d\d-\d\dT[\d:.]+Z,adjust,250,"?[^\r]*Apology for a late delivery/);
    expect(ledgerCsv.text).toMatch(/\r\n[^,]+,clawback,-18,/);

    expect(await accessibilityProblems(page)).toEqual([]);
    await expectAccessible(page, 'Member 360');
    await screenshot(page, 'admin-member');

    // With no search, the members page lists everyone; another member's 360: tags, and a contact logged
    // there shows in their contact log (Grace is left for the call list below).
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Members' }).click();
    await page.getByRole('table', { name: 'All members' }).getByRole('link', { name: 'Alan Turing' }).click();
    await page.getByRole('heading', { name: 'Alan Turing' }).waitFor();
    await page.getByRole('button', { name: 'Edit tags' }).click();
    await page.getByLabel('Tags (comma separated)').fill('VIP, vegan, vip');
    await page.getByRole('button', { name: 'Save tags' }).click();
    await page.getByRole('button', { name: 'Edit tags' }).waitFor();
    expect(await page.locator('.tag').allTextContents()).toEqual(['vip', 'vegan']);
    const contactLog = page.getByRole('region', { name: 'Contact log' });
    await contactLog.getByText('No contacts logged yet.').waitFor();
    await contactLog.getByRole('button', { name: 'Log a contact' }).click();
    await contactLog.getByLabel('Outcome', { exact: true }).selectOption('no_answer');
    await contactLog.getByLabel('What was said').fill('Tried about the autumn catalogue');
    await contactLog.getByRole('button', { name: 'Save contact' }).click();
    await contactLog.getByRole('status').getByText('Call with Alan Turing logged: no answer.').waitFor();
    await contactLog.getByRole('row', { name: /Call No answer Tried about the autumn catalogue/ }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await expectAccessible(page, 'Member 360 with the contact form');

    // Phone width: no page scrolls sideways (wide tables scroll inside their box), and nothing shifts as
    // data arrives (the pages render once their data is in, or keep room for it).
    await page.setViewportSize({ width: 375, height: 800 });
    const pages: [string, RegExp][] = [
      ['/admin', /^Overview$/], ['/admin/members', /^Members$/], [`/admin/members/${graceId}`, /^Grace Hopper$/], ['/admin/charts', /^Charts$/],
      ['/admin/calls', /^Call list$/], ['/admin/import', /^Import$/], ['/admin/program', /^Earning rules$/], ['/admin/program/rules/new', /^New earning rule$/],
      ['/admin/program/coupons', /^Coupons$/],
    ];
    for (const [path, heading] of pages) {
      await page.goto(`${w.baseUrl}${path}`);
      await page.getByRole('heading', { level: 2, name: heading }).waitFor();
      await page.waitForLoadState('networkidle');

      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${path} scrolls sideways`).toBe(0);
      expect(await layoutShift(page), `${path} shifts as it loads`).toBeLessThan(0.01);
      await expectAccessible(page, `${path} at phone width`);
    }
    await page.goto(`${w.baseUrl}/admin/members/${graceId}`);
    await page.getByRole('region', { name: 'Orders' }).getByRole('row', { name: /€18\.00/ }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await expectAccessible(page, 'Member 360 at phone width');
    await screenshot(page, 'admin-member-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${w.baseUrl}/admin`);
    await page.getByRole('img', { name: 'Points liability trend' }).waitFor();
    expect(await layoutShift(page), 'the overview shifts as it loads').toBeLessThan(0.01);
    await page.close();
  });

  it('charts with their numbers, the call list and follow-ups, an import with a rejected row, CSV downloads', async () => {
    const page = await w.browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await page.goto(`${w.baseUrl}/admin/charts`);
    await page.getByLabel('API key').fill(w.t.keys.admin);
    await page.keyboard.press('Enter');

    const heatmap = page.getByRole('img', { name: /Cohort retention heatmap: [1-9]/ });
    await heatmap.getByText('100%').first().waitFor();
    const nps = page.getByRole('region', { name: 'NPS trend' });
    await nps.getByRole('img', { name: /NPS by week for all stores and staff, [2-9] weeks/ }).waitFor();
    await nps.getByText(/NPS 33 for all stores and staff \(95% CI .*, 3 answers\)/).waitFor();
    await nps.getByLabel('Store', { exact: true }).selectOption('riga');
    await nps.getByRole('img', { name: /NPS by week for store riga/ }).waitFor();
    await nps.getByText(/NPS 0 for store riga .* 2 answers/).waitFor();
    await nps.getByRole('button', { name: 'By month' }).click();
    await nps.getByRole('img', { name: /NPS by month for store riga/ }).waitFor();
    await page.getByRole('region', { name: 'RFM segments' }).getByRole('img', { name: /RFM map/ }).waitFor();
    await page.getByRole('region', { name: 'Program cost vs incremental revenue' }).getByRole('img').waitFor();
    await page.getByRole('region', { name: 'Satisfaction vs loyalty' }).getByRole('img').waitFor();
    const activity = page.getByRole('region', { name: 'Buyers and revenue by group' });
    await activity.getByLabel('Break down by').selectOption('cohort');
    await activity.getByRole('img', { name: /Revenue by cohort, 2 groups/ }).waitFor();
    await activity.getByLabel('Break down by').selectOption('segment');
    await activity.getByRole('img', { name: /Revenue by segment, [1-9] groups/ }).waitFor();
    const brands = page.getByRole('region', { name: 'Brand repurchase' });
    await brands.getByRole('img', { name: 'Brand repurchase, 1 brands' }).waitFor();
    await brands.getByText('coffee: Illy').waitFor();
    // The walk-in's 15.00 sale beside the members' orders (the exact figures are test/analytics-members-vs-non-members's).
    const versus = page.getByRole('region', { name: 'Members vs non-members' });
    await versus.getByRole('img', { name: 'Average order value of members and non-members, 2 groups' }).waitFor();
    await versus.getByText(/^Members placed [\d.]+% of orders and [\d.]+% of revenue; a member’s average order is [\d.]+× a non-member’s\.$/).waitFor();
    expect(await versus.getByRole('img').getByText('€15.00').count()).toBe(2); // all stores, and the orders with no store

    // The numbers behind a chart: filterable, and downloadable as the rows the filter leaves.
    await nps.getByText('Show the numbers').click();
    await nps.getByRole('table', { name: 'NPS trend' }).getByRole('row').nth(1).waitFor();
    await nps.getByLabel('Filter nps trend').fill('no such month');
    await nps.getByText('No row matches the filter.').waitFor();
    expect(await nps.getByText('0 of 1 rows').isVisible()).toBe(true);
    expect(await nps.getByRole('button', { name: /Download CSV/ }).isDisabled()).toBe(true);
    await nps.getByLabel('Filter nps trend').fill('');
    const csv = await downloadText(page, () => nps.getByRole('button', { name: /Download CSV/ }).click());
    expect(csv.name).toBe('nps-trend.csv');
    expect(csv.text.split('\r\n')[0]).toBe('\ufeffMonth,Answers,NPS,CI low,CI high,Promoters,Passives,Detractors');
    expect(csv.text).toMatch(/\r\n\d{4}-\d{2}-01,2,0,/);
    expect(await accessibilityProblems(page)).toEqual([]);
    await expectAccessible(page, 'charts page');
    await screenshot(page, 'admin-charts');

    // The call list: Grace is there as a detractor call-back; logging the call takes her off it.
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Calls' }).click();
    await page.getByLabel('Your staff id').fill('dana');
    const calls = page.getByRole('table', { name: 'Members to call' });
    await calls.getByRole('row', { name: /Grace Hopper/ }).waitFor();
    await page.getByRole('button', { name: 'Log contact with Grace Hopper' }).click();
    await page.getByLabel('Outcome', { exact: true }).selectOption('reached');
    await page.getByLabel('What was said').fill('Sorry about the queue; she will come back on Friday.');
    await page.getByLabel('Next step', { exact: true }).fill('Check she got the voucher');
    await page.getByRole('button', { name: 'Save contact' }).click();
    await page.getByRole('status').getByText('Call with Grace Hopper logged: reached.').waitFor();
    await page.getByText('Nobody to call now.').waitFor();
    const contacts = await call(w.t, 'GET', `/v1/members/${graceId}/contacts`);
    expect(contacts.body.data).toEqual([expect.objectContaining({ channel: 'call', outcome: 'reached', staffId: 'dana', nextStep: 'Check she got the voucher' })]);

    // Her follow-up: closed with an outcome note.
    await page.getByRole('table', { name: 'Follow-ups' }).getByRole('row', { name: new RegExp(graceId) }).waitFor();
    await page.getByRole('button', { name: `Update the follow-up for ${graceId}` }).click();
    await page.getByLabel('New status').selectOption('done');
    await page.getByLabel('Outcome note').fill('Apologised, voucher sent');
    await page.getByRole('button', { name: 'Save follow-up' }).click();
    await page.getByRole('status').getByText(`Follow-up for ${graceId} is done.`).waitFor();
    await page.getByText('No follow-ups with this status.').waitFor();
    const closed = await call(w.t, 'GET', '/v1/feedback/follow-ups?status=done');
    expect(closed.body.data).toEqual([expect.objectContaining({ memberId: graceId, outcome: 'Apologised, voucher sent' })]);
    expect(await accessibilityProblems(page)).toEqual([]);
    await expectAccessible(page, 'call list and follow-ups');
    await screenshot(page, 'admin-calls');

    // Import: a quoted name across two lines, then a bad row, which is reported on its file line (4); its
    // first cell would be a formula in a spreadsheet, so the downloaded CSV defuses it.
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Import' }).click();
    await page.getByLabel('Members', { exact: true }).check();
    const file = 'external_id,email,name,marketing_consent\ncrm-1,ada@example.com,"Lovelace, Ada\n""Countess""",yes\n=2+3,bad@example.com,Bob,maybe\ncrm-3,,Cy,no\n';
    await page.getByLabel('CSV file').setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor();
    await page.getByRole('status').getByText('3 of 3 rows processed: 2 imported, 0 skipped as already there, 1 rejected.').waitFor();
    await page.getByRole('table', { name: 'Rejected rows' }).getByRole('row', { name: /^4 marketing_consent: must be true or false/ }).waitFor();
    const rejects = await downloadText(page, () => page.getByRole('button', { name: /Download CSV/ }).click());
    expect(rejects.text).toBe('\ufeffLine,Reason,Row\r\n4,"marketing_consent: must be true or false (or yes/no, 1/0, empty for false)","\'=2+3, bad@example.com, Bob, maybe"\r\n');
    const names = (await call(w.t, 'GET', '/v1/members?limit=10')).body.data.map((m: { name: string | null }) => m.name);
    expect(names).toContain('Lovelace, Ada\n"Countess"');
    expect(await accessibilityProblems(page)).toEqual([]);
    await expectAccessible(page, 'import');
    await screenshot(page, 'admin-import');
    await page.close();
  });

  it('edits the program: a rule by form and JSON, dry-run, backtest, activation; an API key shown once; a coupon', async () => {
    const page = await w.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${w.baseUrl}/admin/program`);
    await page.getByLabel('API key').fill(w.t.keys.admin);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Earning rules' }).waitFor();
    await page.getByText('No rules yet').waitFor();

    // The form for the common shape: 2 points per 1.00 on category coffee, capped per day.
    await page.getByRole('link', { name: 'New rule' }).click();
    await page.getByLabel('Rule name').fill('Double on coffee');
    await page.getByLabel('Points', { exact: true }).fill('2');
    await page.getByLabel('Applies to').selectOption('category');
    await page.getByLabel('Categories').fill('coffee');
    await page.getByLabel('Points per member per day').fill('500');

    // The JSON view shows the same rule as an expression tree; an edit there comes back to the form.
    await page.getByRole('button', { name: 'JSON' }).click();
    const json = page.getByLabel(/Rule as JSON/);
    const tree = JSON.parse(await json.inputValue());
    expect(tree).toMatchObject({
      name: 'Double on coffee',
      eventTypes: ['order'],
      condition: { field: 'line.category', op: 'eq', value: 'coffee' },
      effects: [{ type: 'points_per_amount', points: 2, per: 100 }],
      caps: { perMemberPerDay: 500 },
    });
    await json.fill(JSON.stringify({ ...tree, name: '2× points on coffee' }, null, 2).replace('"points": 2', '"points": 2,'));
    await page.getByRole('button', { name: 'Form' }).click();
    await page.getByRole('alert').getByText(/The JSON cannot be read/).waitFor();
    await json.fill(JSON.stringify({ ...tree, name: '2× points on coffee', effects: [{ type: 'points_per_amount', points: 0, per: 100 }] }, null, 2));

    // The API refuses a broken tree with the path of the problem, shown beside the JSON.
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByRole('alert', { name: 'Problems to fix' }).getByText('effects.0.points').waitFor();
    expect(await page.getByRole('button', { name: 'Save and activate' }).isDisabled()).toBe(true);
    await json.fill(JSON.stringify({ ...tree, name: '2× points on coffee' }, null, 2));
    await page.getByRole('button', { name: 'Form' }).click();
    expect(await page.getByLabel('Rule name').inputValue()).toBe('2× points on coffee');
    expect(await page.getByLabel('Categories').inputValue()).toBe('coffee');

    // Dry run on a sample order: 2 × 4.50 of coffee = 9.00 → 18 points, explained.
    await page.getByRole('button', { name: 'Dry run' }).click();
    const dryRun = page.getByRole('status', { name: 'Dry-run result' });
    await dryRun.getByText('18 points', { exact: true }).waitFor();
    await dryRun.getByText('2× points on coffee: 18 points (draft rule)').waitFor();

    // Backtest over the seeded orders (42.00, 18.00 and 9.99 of coffee yesterday): 84 + 36 + 19 points
    // (2 per 1.00 of 9.99 rounds down once, 19.98 → 19), at the test's point value of 1 cent.
    await page.getByRole('button', { name: 'Run backtest' }).click();
    const backtest = page.getByRole('status', { name: 'Backtest result' });
    await backtest.getByText(/^3 orders and 0 other events replayed/).waitFor();
    expect(await backtest.getByTestId('would-issue').textContent()).toBe('139 points, cost 1.39');
    await backtest.getByRole('row', { name: /2× points on coffee 139 3 1\.39/ }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await expectAccessible(page, 'program rule editor');
    await screenshot(page, 'admin-rule-editor');

    await page.getByRole('button', { name: 'Save and activate' }).click();
    await page.getByRole('status').getByText('“2× points on coffee” is active as version 1.').waitFor();
    await page.getByText('Version 1: 2× points on coffee').waitFor();
    const [rule] = (await call(w.t, 'GET', '/v1/program/rules?status=active')).body.data;
    expect(rule.definition).toMatchObject({ name: '2× points on coffee', caps: { perMemberPerDay: 500 }, effects: [{ points: 2, per: 100 }] });
    await page.getByRole('link', { name: '← Earning rules' }).click();
    await page.getByRole('row', { name: /2× points on coffee/ }).getByText('stacks').waitFor();

    // An API key: its secret is shown once, it works, and it can be revoked after a confirmation.
    const program = page.getByRole('navigation', { name: 'Program' });
    await program.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('button', { name: 'New API key' }).click();
    await page.getByLabel('Key name').fill('Till 7');
    await page.getByLabel('Role').selectOption('staff');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const secret = (await page.getByTestId('secret').textContent())!;
    expect((await call(w.t, 'GET', '/v1/members?limit=1', undefined, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(200);
    const till = page.getByRole('row', { name: /Till 7/ });
    await till.getByText('staff').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await expectAccessible(page, 'API keys');
    await screenshot(page, 'admin-api-keys');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    expect(await page.getByTestId('secret').count()).toBe(0);
    await till.getByRole('button', { name: 'Revoke' }).click();
    await till.getByRole('button', { name: 'Yes, revoke' }).click();
    await till.getByText(/^revoked/).waitFor();
    expect((await call(w.t, 'GET', '/v1/members?limit=1', undefined, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);

    // A coupon through its screen: the key fields write into the JSON document that is sent.
    await program.getByRole('link', { name: 'Coupons' }).click();
    await page.getByRole('button', { name: 'New coupon' }).click();
    await page.getByLabel('Codes to import (comma separated)').fill('SPRING-15');
    await page.getByLabel('Percent off').fill('15');
    await page.getByLabel('Minimum order').fill('25.00');
    expect(JSON.parse(await page.getByLabel('Full JSON').inputValue())).toMatchObject({ codes: ['SPRING-15'], discount: { type: 'percent', percent: 15 }, minOrder: 2500 });
    await page.getByRole('button', { name: 'Create coupon' }).click();
    await page.getByRole('status').getByText('The coupon was created.').waitFor();
    await page.getByRole('row', { name: /SPRING15 15% off 0 of 1 25\.00/ }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await expectAccessible(page, 'coupons');
    await screenshot(page, 'admin-coupons');
    await page.close();
  });

  it('edits the catalog: the tier ladder, a reward (created, then edited), a draw, the referral program; read back from the API', async () => {
    const page = await w.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, '/admin/program/tiers');
    const program = page.getByRole('navigation', { name: 'Program' });

    // Tiers: set up from the example ladder; a window under 30 days is refused beside its field.
    await page.getByText('Not set up yet.').waitFor();
    await page.getByRole('button', { name: 'Set up' }).click();
    await page.getByLabel('Rolling window (days)').fill('10');
    await page.getByLabel('Grace before a downgrade (days)').fill('14');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('alert', { name: 'Problems to fix' }).getByText('window.days: must be at least 30').waitFor();
    await page.getByText('Some values are not valid.').waitFor();
    expect(await fieldProblem(page.getByLabel('Rolling window (days)'))).toBe('must be at least 30');
    expect(await fieldProblem(page.getByLabel('Grace before a downgrade (days)'))).toBeNull();
    await screenshot(page, 'admin-tiers-refused');
    await page.getByLabel('Rolling window (days)').fill('180');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').getByText('Saved. The previous version is kept by the server.').waitFor();
    await page.getByText('Qualifying on spend over 180 days, 14 grace days').waitFor();
    await page.getByRole('row', { name: 'Gold gold 150,000 1.5 5' }).waitFor();
    const ladder = (await call(w.t, 'GET', '/v1/program/tiers')).body;
    expect(ladder).toMatchObject({ basis: 'spend', window: { type: 'rolling', days: 180 }, graceDays: 14 });
    expect(ladder.tiers.map((t: { id: string }) => t.id)).toEqual(['member', 'silver', 'gold']);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'admin-tiers');

    // Rewards: a new one through the form, then its points cost edited.
    await program.getByRole('link', { name: 'Rewards' }).click();
    await page.getByText('No rewards yet.').waitFor();
    await page.getByRole('button', { name: 'New reward' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Free croissant');
    await page.getByLabel('Points cost').fill('250');
    await page.getByLabel('Stock (empty = unlimited)').fill('40');
    await page.getByRole('button', { name: 'Create reward' }).click();
    await page.getByRole('status').getByText('The reward was created.').waitFor();
    await page.getByRole('row', { name: 'Free croissant product 250 0 40 active' }).waitFor();
    await page.getByRole('button', { name: 'Edit Free croissant' }).click();
    await page.getByLabel('Points cost').fill('300');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').getByText('The reward was saved.').waitFor();
    await page.getByRole('row', { name: 'Free croissant product 300 0 40 active' }).waitFor();
    expect((await call(w.t, 'GET', '/v1/rewards?active=true')).body.data).toEqual([
      expect.objectContaining({ name: 'Free croissant', kind: 'product', pointsCost: 300, stock: 40, valueMinor: 380, active: true }),
    ]);
    // Deactivated after a confirmation: still listed (once), no longer redeemable.
    const croissant = page.getByRole('row', { name: /Free croissant/ });
    await croissant.getByRole('button', { name: 'Deactivate' }).click();
    await croissant.getByRole('button', { name: 'Yes, deactivate' }).click();
    await page.getByRole('row', { name: 'Free croissant product 300 0 40 inactive' }).waitFor();
    await croissant.getByRole('button', { name: 'Activate' }).waitFor();
    expect((await call(w.t, 'GET', '/v1/rewards?active=true')).body.data).toEqual([]);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'admin-rewards');

    // Draws: closing before it opens is refused in words; then created, scheduled, with its seed hash.
    await program.getByRole('link', { name: 'Draws' }).click();
    await page.getByRole('button', { name: 'New draw' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Autumn win-win');
    await page.getByLabel('Closes (your local time)').fill('2020-01-01T10:00');
    await page.getByLabel('Entries per member at most').fill('5');
    await page.getByRole('button', { name: 'Create draw' }).click();
    await page.getByRole('alert', { name: 'Problems to fix' }).getByText('closesAt: must be after opensAt').waitFor();
    expect(await fieldProblem(page.getByLabel('Closes (your local time)'))).toBe('must be after opensAt');
    const closes = `${new Date().getFullYear() + 1}-03-01T12:00`;
    await page.getByLabel('Closes (your local time)').fill(closes);
    await page.getByRole('button', { name: 'Create draw' }).click();
    await page.getByRole('status').getByText('The draw was created.').waitFor();
    await page.getByRole('row', { name: /^Autumn win-win scheduled / }).waitFor();
    const [draw] = (await call(w.t, 'GET', '/v1/draws')).body.data;
    expect(draw).toMatchObject({ name: 'Autumn win-win', status: 'scheduled', maxEntriesPerMember: 5, consolation: { award: { type: 'points', points: 50 } } });
    expect(Date.parse(draw.closesAt)).toBe(new Date(closes).getTime());
    expect(await page.getByRole('row', { name: /Autumn win-win/ }).getByText(`${draw.seedHash.slice(0, 12)}…`).count()).toBe(1);
    await screenshot(page, 'admin-draws');

    // Referrals: an amount that is not one is explained at the field; the JSON keeps the last one that read.
    await program.getByRole('link', { name: 'Referrals' }).click();
    await page.getByRole('button', { name: 'Set up' }).click();
    await page.getByLabel('Points for the referrer').fill('750');
    await page.getByLabel('Qualifying purchase at least').fill('twenty');
    expect(await fieldProblem(page.getByLabel('Qualifying purchase at least'))).toBe('Write an amount such as 12.50.');
    expect(JSON.parse(await page.getByLabel('Full JSON').inputValue())).toMatchObject({ referrerReward: { points: 750 }, qualifyingPurchase: { minTotal: 2000 } });
    await page.getByLabel('Qualifying purchase at least').fill('25.00');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').getByText('Saved. The previous version is kept by the server.').waitFor();
    await page.getByText('at least 25.00 EUR within 30 days of joining').waitFor();
    await page.getByText('750 points').waitFor();
    expect((await call(w.t, 'GET', '/v1/program/referrals')).body).toMatchObject({ enabled: true, referrerReward: { points: 750 }, refereeReward: { points: 300 }, qualifyingPurchase: { minTotal: 2500 } });
    // A reload shows what the server kept.
    await page.reload();
    await page.getByText('750 points').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'admin-referrals');
    await expectPhoneFit(page, [['Tiers', 'Gold'], ['Rewards', 'Free croissant'], ['Draws', 'Autumn win-win'], ['Referrals', '750 points']]);
    await screenshot(page, 'admin-tiers-phone');
    await page.close();
  });

  it('edits engagement: a survey, a journey, a segment, a webhook endpoint (a bad URL refused, the secret shown once); read back from the API', async () => {
    const page = await w.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, '/admin/program/surveys');
    const program = page.getByRole('navigation', { name: 'Program' });

    // Surveys: the one seeded above is listed; a new one from the example, sent 2 hours after an order.
    await page.getByRole('row', { name: 'How are we doing? nps manual active' }).waitFor();
    await page.getByRole('button', { name: 'New survey' }).click();
    await page.getByLabel('Name', { exact: true }).fill('After-visit NPS');
    await page.getByLabel('Hours after the order').fill('2');
    await page.getByRole('button', { name: 'Create survey' }).click();
    await page.getByRole('status').getByText('The survey was created.').waitFor();
    await page.getByRole('row', { name: 'After-visit NPS nps, text after order active' }).waitFor();
    const surveys = (await call(w.t, 'GET', '/v1/feedback/surveys')).body.data;
    expect(surveys).toContainEqual(expect.objectContaining({ name: 'After-visit NPS', trigger: { type: 'after_order', delayHours: 2 }, active: true }));
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'admin-surveys');

    // Journeys: a birthday treat (a trigger that enrols nobody else in this file).
    await program.getByRole('link', { name: 'Journeys' }).click();
    await page.getByText('No journeys yet.').waitFor();
    await page.getByRole('button', { name: 'New journey' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Birthday treat');
    await page.getByLabel('Enrols on').selectOption('birthday');
    await page.getByRole('button', { name: 'Create journey' }).click();
    await page.getByRole('status').getByText('The journey was created.').waitFor();
    await page.getByRole('row', { name: 'Birthday treat birthday grant points active' }).waitFor();
    // Thanks on the tenth order: its order number is a form field shown for that trigger only.
    await page.getByRole('button', { name: 'New journey' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Tenth order thanks');
    expect(await page.getByLabel('Order number').count()).toBe(0);
    await page.getByLabel('Enrols on').selectOption('anniversary');
    await page.getByLabel('Years since joining').fill('1');
    await page.getByLabel('Enrols on').selectOption('order.count');
    expect(await page.getByLabel('Years since joining').count()).toBe(0);
    await page.getByLabel('Order number').fill('10');
    expect(JSON.parse(await page.getByLabel('Full JSON').inputValue()).trigger).toEqual({ kind: 'order.count', count: 10 });
    await page.getByRole('button', { name: 'Create journey' }).click();
    await page.getByRole('status').getByText('The journey was created.').waitFor();
    await page.getByRole('row', { name: 'Tenth order thanks order.count grant points active' }).waitFor();
    const journeys = (await call(w.t, 'GET', '/v1/journeys')).body.data;
    expect(journeys).toHaveLength(2);
    expect(journeys).toContainEqual(expect.objectContaining({ name: 'Birthday treat', status: 'active', trigger: { kind: 'birthday', daysBefore: 0 } }));
    expect(journeys).toContainEqual(expect.objectContaining({ name: 'Tenth order thanks', status: 'active', trigger: { kind: 'order.count', count: 10 } }));
    await screenshot(page, 'admin-journeys');

    // Segments: one saved through the API beforehand is listed with its filter in words; a new one, members
    // with 2+ orders who consented (clearing a field takes it out of the filter).
    const lapsed = await call(w.t, 'POST', '/v1/segments', {
      name: 'Lapsed gold',
      filter: { tiers: ['gold', 'silver'], rfmSegments: ['at_risk'], lastOrderBefore: { daysAgo: 90 }, spendAtLeast: 50000, currency: 'EUR', tags: ['vip'] },
    });
    expect(lapsed.status, JSON.stringify(lapsed.body)).toBe(201);
    await program.getByRole('link', { name: 'Segments' }).click();
    await page.getByRole('row', { name: 'Lapsed gold tier gold or silver; RFM at risk; no order in the last 90 days; spent at least 500.00 EUR; tagged vip' }).waitFor();
    await page.getByRole('button', { name: 'New segment' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Regulars');
    await page.getByLabel('No order in the last (days)').fill('');
    await page.getByLabel('Orders at least').fill('2');
    expect(JSON.parse(await page.getByLabel('Full JSON').inputValue())).toEqual({ name: 'Regulars', filter: { marketingConsent: true, ordersAtLeast: 2 } });
    await page.getByRole('button', { name: 'Create segment' }).click();
    await page.getByRole('status').getByText('The segment was created.').waitFor();
    await page.getByRole('row', { name: /^Regulars at least 2 orders; consented to marketing / }).waitFor();
    const regulars = (await call(w.t, 'GET', '/v1/segments')).body.data.find((s: { name: string }) => s.name === 'Regulars');
    expect(regulars.filter).toEqual({ marketingConsent: true, ordersAtLeast: 2 });
    await screenshot(page, 'admin-segments');

    // Webhooks: a URL without its scheme is refused in plain words at its path; then created, secret once.
    await program.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('button', { name: 'New webhook endpoint' }).click();
    await page.getByLabel('URL', { exact: true }).fill('crm.example.com/hooks');
    await page.getByLabel(/^Events/).fill('points.earned, tier.upgraded');
    await page.getByRole('button', { name: 'Create webhook endpoint' }).click();
    await page.getByRole('alert', { name: 'Problems to fix' }).getByText('url: must be an http or https URL').waitFor();
    expect(await fieldProblem(page.getByLabel('URL', { exact: true }))).toBe('must be an http or https URL');
    expect(await page.getByLabel('Full JSON').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('URL', { exact: true }).fill('https://crm.example.com/hooks/fidelis');
    // Corrected, the URL is no longer marked refused, at the field nor under the JSON, before any save.
    expect(await fieldProblem(page.getByLabel('URL', { exact: true }))).toBeNull();
    expect(await page.getByRole('alert', { name: 'Problems to fix' }).count()).toBe(0);
    expect(await page.getByLabel('Full JSON').getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('button', { name: 'Create webhook endpoint' }).click();
    await page.getByRole('status').getByText('The webhook endpoint was created.').waitFor();
    expect(await page.getByTestId('secret').textContent()).toMatch(/^whsec_/);
    await page.getByRole('row', { name: 'https://crm.example.com/hooks/fidelis points.earned, tier.upgraded CRM sync enabled' }).waitFor();
    const endpoints = (await call(w.t, 'GET', '/v1/webhooks/endpoints')).body.data;
    expect(endpoints).toEqual([expect.objectContaining({ url: 'https://crm.example.com/hooks/fidelis', eventTypes: ['points.earned', 'tier.upgraded'], enabled: true })]);
    expect(endpoints[0]).not.toHaveProperty('secret');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'admin-webhooks');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    expect(await page.getByTestId('secret').count()).toBe(0);

    await expectPhoneFit(page, [['Surveys', 'After-visit NPS'], ['Journeys', 'Birthday treat'], ['Segments', 'Regulars'], ['Webhooks', 'https://crm.example.com/hooks/fidelis']]);
    await screenshot(page, 'admin-webhooks-phone');
    await page.close();
  });

  it('loads a long ledger a page at a time on the member 360', async () => {
    // 27 adjustments: one page of 25, then the last 2 (the oldest, from a paper card) on request.
    const memberId = await createMemberVia(w.t, { name: 'Ledger Long' });
    for (let i = 1; i <= 27; i += 1) {
      const adjusted = await call(w.t, 'POST', `/v1/members/${memberId}/adjustments`, { points: i, reason: `${i <= 2 ? 'Paper' : 'Stamp'} card ${i}` });
      expect(adjusted.status, JSON.stringify(adjusted.body)).toBe(201);
    }
    const firstPage = (await call(w.t, 'GET', `/v1/members/${memberId}/ledger?limit=25`)).body;
    const secondPage = (await call(w.t, 'GET', `/v1/members/${memberId}/ledger?limit=25&cursor=${firstPage.nextCursor}`)).body;
    const later: string[] = secondPage.data.map((e: { explanation: string }) => e.explanation);
    expect(later).toHaveLength(2);

    const page = await w.browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await signIn(page, `/admin/members/${memberId}`);
    const ledger = page.getByRole('region', { name: 'Ledger' });
    const rows = ledger.getByRole('table', { name: 'Points entries' }).locator('tbody tr');
    await ledger.getByText('25 rows').waitFor();
    expect(await rows.count()).toBe(25);
    for (const explanation of later) expect(await ledger.getByRole('cell', { name: explanation, exact: true }).count()).toBe(0);

    // The CSV is the whole ledger, pages not loaded yet included; filtered, it is the whole list's matches
    // (here only on the page not loaded). The table itself still shows its first page. A page that fails
    // to load is said in words, and nothing is saved.
    await page.route(/\/ledger\?.*cursor=/, (route) => route.abort());
    await ledger.getByRole('button', { name: 'Download CSV of points entries' }).click();
    await ledger.getByRole('alert').getByText('The CSV could not be prepared, so nothing was downloaded. The server cannot be reached.', { exact: false }).waitFor();
    await screenshot(page, 'admin-ledger-csv-failed');
    await page.unrouteAll();
    const all = await downloadText(page, () => ledger.getByRole('button', { name: 'Download CSV of points entries' }).click());
    const allLines = all.text.split('\r\n').slice(1, -1);
    expect(allLines).toHaveLength(27);
    for (const explanation of later) expect(allLines.filter((line) => line.endsWith(`,${explanation}`))).toHaveLength(1);
    await ledger.getByLabel('Filter points entries').fill('paper');
    await ledger.getByText('No row loaded so far matches the filter.').waitFor();
    const paper = await downloadText(page, () => ledger.getByRole('button', { name: 'Download CSV of points entries' }).click());
    expect(paper.text.split('\r\n').slice(1, -1).map((line) => line.split(',').at(-1))).toEqual(later);
    await ledger.getByLabel('Filter points entries').fill('');
    expect(await rows.count()).toBe(25);

    await ledger.getByRole('button', { name: 'Load more ledger entries' }).click();
    await ledger.getByText('27 rows').waitFor();
    expect(await rows.count()).toBe(27);
    for (const explanation of later) await ledger.getByRole('cell', { name: explanation, exact: true }).waitFor();
    expect(await ledger.getByRole('button', { name: /Load more/ }).count()).toBe(0);
    await screenshot(page, 'admin-ledger-more');
    await page.close();
  });
});

/** Opens an admin page and signs in with the admin key there. */
async function signIn(page: Page, path: string): Promise<void> {
  await page.goto(`${w.baseUrl}${path}`);
  await page.getByLabel('API key').fill(w.t.keys.admin);
  await page.keyboard.press('Enter');
}

/**
 * At phone width, each program section (opened from the menu, once it shows the given text) fits the
 * screen: nothing scrolls the page sideways, wide tables scroll in their box. Leaves the page that narrow.
 */
async function expectPhoneFit(page: Page, sections: [link: string, shows: string][]): Promise<void> {
  await page.setViewportSize({ width: 375, height: 800 });
  for (const [link, shows] of sections) {
    await page.getByRole('navigation', { name: 'Program' }).getByRole('link', { name: link }).click();
    await page.getByText(shows, { exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${link} scrolls sideways`).toBe(0);
  }
}

/** The problem a form control is marked with (aria-invalid, and the text it is described by), or null. */
function fieldProblem(control: Locator): Promise<string | null> {
  return control.evaluate((el) => (el.getAttribute('aria-invalid') === 'true' ? (document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent ?? '') : null));
}

/** Cumulative layout shift of the page so far, leaving out shifts right after input (as the metric does). */
function layoutShift(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!entry.hadRecentInput) total += entry.value;
        }).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => resolve(total), 50);
      }),
  );
}

/** Clicks, waits for the download the click starts, and reads the file it saved. */
async function downloadText(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
}

