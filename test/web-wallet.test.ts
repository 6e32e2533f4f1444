// The wallet's main flow in a phone-sized browser: magic link → card with QR, balance, expiring
// points, tier progress and history; the language switch, Hebrew right to left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createMemberVia, orderBody } from './harness.js';
import { accessibilityProblems, screenshot, startWebTest, type WebTest } from './web-harness.js';

let w: WebTest;
let link: string;
const LADDER = { basis: 'spend', window: { type: 'rolling', days: 365 }, tiers: [{ id: 'member', name: 'Member', threshold: 0 }, { id: 'gold', name: 'Gold', threshold: 50_000 }] };

beforeAll(async () => {
  w = await startWebTest();
  const { t } = w;
  const memberId = await createMemberVia(t, { name: 'Noa Levi' });
  expect((await call(t, 'PUT', '/v1/program/tiers', LADDER)).status).toBe(200);
  const order = await call(t, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: 2000 }], t.now().toISOString()));
  expect(order.status, JSON.stringify(order.body)).toBe(201);
  expect((await call(t, 'POST', `/v1/members/${memberId}/adjustments`, { points: 120, reason: 'welcome gift' })).status).toBe(201);
  const created = await call(t, 'POST', `/v1/members/${memberId}/wallet-link`, { ttlMinutes: 60 }, { role: 'staff' });
  link = `${w.baseUrl}/wallet#token=${created.body.token}`;
});
afterAll(() => w?.close());

describe('wallet', () => {
  it('opens from the magic link on a phone, in five languages, Hebrew right to left', async () => {
    const page = await w.browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'en-US' });
    await page.goto(link);
    await page.getByTestId('wallet-balance').waitFor();
    // The credential leaves the address bar once it is stored.
    expect(page.url()).toBe(`${w.baseUrl}/wallet`);
    expect(await page.getByTestId('wallet-balance').textContent()).toBe('120 points to spend');
    await page.getByText('Noa Levi').waitFor();
    const qr = page.getByRole('img', { name: /QR code of your membership card/ });
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(await page.getByTestId('tier-progress').textContent()).toBe('Spend 480.00 more to reach Gold.');
    await page.getByText('The shop changed your points by 120').waitFor();
    await page.getByText(/^You earned \d+ points$/).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'wallet-en');

    const language = page.getByLabel('Language');
    await language.selectOption('he');
    await page.getByRole('heading', { name: 'הכרטיס שלי' }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['he', 'rtl']);
    expect(await page.getByTestId('wallet-balance').textContent()).toBe('120 נקודות למימוש');
    await screenshot(page, 'wallet-he');

    for (const [locale, heading] of [['ru', 'Моя карта'], ['lv', 'Mana karte'], ['ka', 'ჩემი ბარათი']] as const) {
      await page.getByRole('combobox').selectOption(locale);
      await page.getByRole('heading', { name: heading }).waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    }
    // The choice and the session survive a reload without the link.
    await page.reload();
    await page.getByRole('heading', { name: 'ჩემი ბარათი' }).waitFor();
    await page.getByTestId('wallet-balance').waitFor();
    await page.close();
  });

  it('says in plain words when the link is not valid', async () => {
    const page = await w.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${w.baseUrl}/wallet#token=mem_01jd3x8k2q9v7c4m5n6p7r8s9t.9999999999.AAAAAAAAAAAAAAAAAAAAAA`);
    await page.getByRole('alert').getByText('This sign-in link is not valid. Ask the shop for a new one.').waitFor();
    await page.close();
  });
});
