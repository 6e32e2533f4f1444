// The admin's main flow: sign in with a key, the overview KPIs, find a member, their 360 page,
// add a note and adjust points with a reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createMemberVia, orderBody } from './harness.js';
import { accessibilityProblems, screenshot, startWebTest, type WebTest } from './web-harness.js';

let w: WebTest;
const email = 'grace@example.com';

beforeAll(async () => {
  w = await startWebTest();
  const { t } = w;
  const memberId = await createMemberVia(t, { email, name: 'Grace Hopper' });
  const other = await createMemberVia(t);
  for (const [id, price] of [[memberId, 4200], [memberId, 1800], [other, 999]] as const) {
    const order = await call(t, 'POST', '/v1/orders', orderBody(id, [{ unitPrice: price }], new Date(t.now().getTime() - 86_400_000).toISOString()));
    expect(order.status, JSON.stringify(order.body)).toBe(201);
  }
});
afterAll(() => w?.close());

describe('admin', () => {
  it('signs in, shows the overview, finds a member, adds a note and adjusts points', async () => {
    const page = await w.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${w.baseUrl}/admin`);
    await page.getByLabel('API key').fill('fid_not_a_real_key_at_all_0000000000');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').getByText(/unknown or revoked/).waitFor();
    await page.getByLabel('API key').fill(w.t.keys.admin);
    await page.keyboard.press('Enter');

    const members = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Members' }) });
    await members.getByText('2', { exact: true }).waitFor();
    const buyers = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Buyers' }) });
    await buyers.getByText('2', { exact: true }).waitFor();
    await page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Revenue' }) }).getByText('€69.99').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'admin-overview');

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

    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'admin-member');
    await page.close();
  });
});
