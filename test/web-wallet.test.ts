// The wallet's main flow in a phone-sized browser: magic link → card with QR, balance, expiring
// points, tier progress and history; a reward redeemed into a code, the referral link shared, a drop,
// a survey and a draw entry; the language switch, Hebrew right to left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createMemberVia, orderBody } from './harness.js';
import { accessibilityProblems, expectAccessible, screenshot, startWebTest, type WebTest } from './web-harness.js';

let w: WebTest;
let link: string;
let hebrewLink: string;
let memberId: string;
const DAY = 86_400_000;
const LADDER = { basis: 'spend', window: { type: 'rolling', days: 365 }, tiers: [{ id: 'member', name: 'Member', threshold: 0 }, { id: 'gold', name: 'Gold', threshold: 50_000 }] };

beforeAll(async () => {
  w = await startWebTest();
  const { t } = w;
  memberId = await createMemberVia(t, { name: 'Noa Levi', marketingConsent: true });
  expect((await call(t, 'PUT', '/v1/program/tiers', LADDER)).status).toBe(200);
  const order = await call(t, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: 2000 }], t.now().toISOString()));
  expect(order.status, JSON.stringify(order.body)).toBe(201);
  expect((await call(t, 'POST', `/v1/members/${memberId}/adjustments`, { points: 120, reason: 'welcome gift' })).status).toBe(201);
  const created = await call(t, 'POST', `/v1/members/${memberId}/wallet-link`, { ttlMinutes: 60 }, { role: 'staff' });
  link = `${w.baseUrl}/wallet#token=${created.body.token}`;

  const now = t.now().getTime();
  const at = (days: number) => new Date(now + days * DAY).toISOString();
  expect((await call(t, 'POST', '/v1/rewards', { name: 'Free coffee', kind: 'product', pointsCost: 50 })).status).toBe(201);
  expect((await call(t, 'POST', '/v1/rewards', { name: 'Weekend trip', kind: 'gift', pointsCost: 90_000 })).status).toBe(201);
  const referrals = { enabled: true, referrerReward: { points: 500 }, refereeReward: { points: 300 }, qualifyingPurchase: { minTotal: 2000, currency: 'EUR', withinDays: 30 } };
  expect((await call(t, 'PUT', '/v1/program/referrals', referrals)).status).toBe(200);
  const drop = { name: 'Winter jackets', publicStartsAt: at(10), earlyAccess: [{ tier: 'member', startsAt: at(5) }] };
  expect((await call(t, 'POST', '/v1/program/drops', drop)).status).toBe(201);
  const draw = await call(t, 'POST', '/v1/draws', { name: 'Summer draw', opensAt: at(-1), closesAt: at(30), consolation: { name: 'Thank-you points', award: { type: 'points', points: 10 } } });
  expect((await call(t, 'POST', `/v1/draws/${draw.body.id}/entries`, { memberId, entries: 3 })).status).toBe(201);
  const survey = await call(t, 'POST', '/v1/feedback/surveys', { name: 'Your last visit', questions: [{ id: 'nps', type: 'nps', text: { en: 'Would you recommend us?' } }], trigger: { type: 'manual' } });
  expect((await call(t, 'POST', '/v1/feedback/invitations', { surveyId: survey.body.id, memberId, channel: 'wallet' })).status).toBe(201);

  const hebrew = await createMemberVia(t, { name: 'דנה כהן', locale: 'he' });
  expect((await call(t, 'POST', `/v1/members/${hebrew}/adjustments`, { points: 60, reason: 'welcome gift' })).status).toBe(201);
  hebrewLink = `${w.baseUrl}/wallet#token=${(await call(t, 'POST', `/v1/members/${hebrew}/wallet-link`, {})).body.token}`;
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
    await page.getByText(/^120 points expire on /).waitFor();

    // A reward: Redeem asks once more, then the single-use code shows as text and as a QR code.
    expect(await page.getByRole('button', { name: 'Redeem: Weekend trip' }).isDisabled()).toBe(true);
    await page.getByText(/^90,000 points · 89,880 more points needed$/).waitFor();
    await page.getByRole('button', { name: 'Redeem: Free coffee' }).click();
    await page.getByRole('button', { name: 'Yes, redeem' }).click();
    await page.getByRole('status').getByText('Free coffee is yours. Show this code at the till:').waitFor();
    const code = (await page.getByTestId('reward-code').first().textContent())!;
    expect(code).toMatch(/^[A-Z0-9]{10}$/);
    expect(await page.getByRole('img', { name: 'QR code for Free coffee: show it at the till.' }).first().getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    await page.getByTestId('wallet-balance').getByText('70 points to spend').waitFor();
    const codes = (await call(w.t, 'GET', `/v1/members/${memberId}/rewards`)).body.data;
    expect(codes.map((c: { code: string }) => c.code)).toEqual([code]);

    // The referral link, shared (no share sheet on desktop Chromium: the clipboard).
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: w.baseUrl });
    const referral = await page.getByLabel('Your invite link').inputValue();
    expect(referral).toMatch(/^http:\/\/localhost:\d+\/join\?ref=[A-Z0-9]{8}$/);
    await page.getByText('Your friend gets 300 points with their first purchase, and you get 500.').waitFor();
    await page.getByRole('button', { name: 'Share link' }).click();
    await page.getByText('Link copied. Paste it in a message to your friend.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(referral);

    await page.getByText('Winter jackets').waitFor();
    await page.getByText(/^You can shop from .+, before everyone else\.$/).waitFor();
    await page.getByText('Summer draw').waitFor();
    expect(await page.getByTestId('draw-entries').textContent()).toBe('Your entries: 3');
    await page.getByText(/^Entries close on /).waitFor();
    const answer = page.getByRole('link', { name: 'Answer: Your last visit' });
    expect(await answer.getAttribute('href')).toMatch(/\/s\/inv_/);
    expect(await accessibilityProblems(page)).toEqual([]);
    await expectAccessible(page, 'wallet card, rewards and history');
    await screenshot(page, 'wallet-en');

    const language = page.getByLabel('Language');
    await language.selectOption('he');
    await page.getByRole('heading', { name: 'הכרטיס שלי' }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['he', 'rtl']);
    expect(await page.getByTestId('wallet-balance').textContent()).toBe('70 נקודות למימוש');
    await screenshot(page, 'wallet-he');
    await expectAccessible(page, 'wallet in Hebrew, right to left');

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

  it('opens in the member’s own language: Hebrew, right to left', async () => {
    const page = await w.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
    await page.goto(hebrewLink);
    await page.getByTestId('wallet-balance').getByText('60 נקודות למימוש').waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['he', 'rtl']);
    await page.getByRole('heading', { name: 'הטבות' }).waitFor();
    await page.getByRole('button', { name: 'מימוש: Free coffee' }).click();
    // No answer at all (network down) is said in the member's language; the same tap works once back.
    await page.route('**/v1/wallet/rewards/*/redeem', (route) => route.abort('failed'));
    await page.getByRole('button', { name: 'כן, לממש' }).click();
    await page.getByRole('alert').getByText('אין חיבור כרגע. בדקו את החיבור לאינטרנט ונסו שוב.').waitFor();
    await page.unroute('**/v1/wallet/rewards/*/redeem');
    await page.getByRole('button', { name: 'כן, לממש' }).click();
    await page.getByRole('status').getByText('Free coffee שלך. הציגו את הקוד הזה בקופה:').waitFor();
    await page.getByTestId('wallet-balance').getByText('10 נקודות למימוש').waitFor();
    await page.getByRole('heading', { name: 'הזמינו חבר' }).waitFor();
    await page.getByText('עדיין אין לך כרטיסים בהגרלות.').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await expectAccessible(page, 'wallet opened in Hebrew');
    await screenshot(page, 'wallet-he-member');
    await page.close();
  });

  it('says in plain words when the link is not valid', async () => {
    const page = await w.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${w.baseUrl}/wallet#token=mem_01jd3x8k2q9v7c4m5n6p7r8s9t.9999999999.AAAAAAAAAAAAAAAAAAAAAA`);
    await page.getByRole('alert').getByText('This sign-in link is not valid. Ask the shop for a new one.').waitFor();
    await expectAccessible(page, 'wallet with a link that is not valid');
    await page.close();
  });
});
