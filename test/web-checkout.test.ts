// The cashier's flow with the keyboard only: find the member, see who they are, record a purchase,
// redeem points, next customer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createMemberVia } from './harness.js';
import { accessibilityProblems, screenshot, startWebTest, type WebTest } from './web-harness.js';

let w: WebTest;

beforeAll(async () => {
  w = await startWebTest();
  const memberId = await createMemberVia(w.t, { email: 'lin@example.com', phone: '+37120000001', name: 'Lin Ozola' });
  expect((await call(w.t, 'POST', `/v1/members/${memberId}/notes`, { body: 'Likes the window seat.' })).status).toBe(201);
  expect((await call(w.t, 'POST', `/v1/members/${memberId}/adjustments`, { points: 300, reason: 'opening balance' })).status).toBe(201);
});
afterAll(() => w?.close());

const focusedLabel = (page: import('playwright-core').Page) =>
  page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent ?? document.activeElement?.tagName ?? null);

describe('checkout', () => {
  it('finds a member, records a purchase and redeems points from the keyboard', async () => {
    const page = await w.browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(`${w.baseUrl}/checkout`);
    await page.getByLabel('API key').waitFor();
    expect(await focusedLabel(page)).toBe('API key');
    await page.keyboard.type(w.t.keys.staff);
    await page.keyboard.press('Enter');

    await page.getByLabel(/Member: scan the card/).waitFor();
    expect(await focusedLabel(page)).toMatch(/^Member: scan the card/);
    await page.keyboard.type('nobody@example.com');
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText(/No member found/).waitFor();

    await page.keyboard.press('Escape');
    await page.keyboard.type('+371 2000 0001');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Lin Ozola' }).waitFor();
    await page.getByText('Likes the window seat.').waitFor();
    expect(await page.getByTestId('checkout-balance').textContent()).toBe('300 points');
    expect(await focusedLabel(page)).toBe('Amount paid');

    await page.keyboard.type('12,5');
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText(/^Recorded €12\.50: \d+ points earned\.$/).waitFor();

    await page.getByLabel('Points to redeem').focus();
    await page.keyboard.type('120');
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText('Redeemed 120 points; 180 left.').waitFor();
    await page.getByTestId('checkout-balance').getByText('180 points').waitFor();

    // More than the balance is refused in plain words.
    await page.keyboard.type('999');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').getByText(/points/).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'checkout');

    await page.keyboard.press('Escape');
    expect(await focusedLabel(page)).toMatch(/^Member: scan the card/);
    expect(await page.getByRole('heading', { name: 'Lin Ozola' }).count()).toBe(0);
    // A scanned membership card reads fidelis:<member id>.
    const memberId = (await call(w.t, 'GET', '/v1/members?email=lin@example.com')).body.data[0].id;
    await page.keyboard.type(`fidelis:${memberId}`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Lin Ozola' }).waitFor();
    await page.close();
  });
});
