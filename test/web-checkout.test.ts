// The cashier's flow with the keyboard only: find the member, see who they are, record a purchase,
// redeem points and rewards, ask for a staff rating, next customer; a staff rating that cannot be loaded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createMemberVia } from './harness.js';
import { accessibilityProblems, expectAccessible, screenshot, startWebTest, type WebTest } from './web-harness.js';

let w: WebTest;
let memberId: string;
let coffee: string;

const STAFF_SURVEY = {
  name: 'Staff at the till',
  questions: [{ id: 'cashier', type: 'rating', subject: 'staff', text: { en: 'How was your service today?' } }],
  trigger: { type: 'after_staff_interaction' },
};

beforeAll(async () => {
  w = await startWebTest();
  memberId = await createMemberVia(w.t, { email: 'lin@example.com', phone: '+37120000001', name: 'Lin Ozola', marketingConsent: true, preferences: { milk: 'oat', cup_size: 'large' } });
  expect((await call(w.t, 'POST', `/v1/members/${memberId}/notes`, { body: 'Likes the window seat.' })).status).toBe(201);
  expect((await call(w.t, 'POST', `/v1/members/${memberId}/adjustments`, { points: 300, reason: 'opening balance' })).status).toBe(201);
  coffee = (await call(w.t, 'POST', '/v1/rewards', { name: 'Free coffee', kind: 'product', pointsCost: 50 })).body.id;
  expect((await call(w.t, 'POST', '/v1/rewards', { name: 'Espresso machine', kind: 'gift', pointsCost: 5000 })).status).toBe(201);
  expect((await call(w.t, 'POST', '/v1/feedback/surveys', STAFF_SURVEY)).status).toBe(201);
});
afterAll(() => w?.close());

const focusedLabel = (page: import('playwright-core').Page) =>
  page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent ?? document.activeElement?.tagName ?? null);

describe('checkout', () => {
  it('finds a member, records a purchase, redeems points and rewards and takes a staff rating from the keyboard', async () => {
    const page = await w.browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(`${w.baseUrl}/checkout`);
    await page.getByLabel('API key').waitFor();
    expect(await focusedLabel(page)).toBe('API key');
    await expectAccessible(page, 'checkout sign-in');
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
    expect(await page.getByTestId('checkout-preferences').innerText()).toMatch(/^milk\s*oat\s*cup size\s*large$/);
    expect(await page.getByTestId('checkout-balance').textContent()).toBe('300 points');
    expect(await focusedLabel(page)).toBe('Amount paid');
    await expectAccessible(page, 'checkout member panel and till forms');

    // No answer at all (network down) is said in plain words; Enter again records it once the line is back.
    await page.route('**/v1/orders', (route) => route.abort('failed'));
    await page.keyboard.type('12,5');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').getByText('The server cannot be reached. Check the connection and try again.').waitFor();
    await page.unroute('**/v1/orders');
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

    // A reward: the suggested one is chosen; Tab to the button, Enter redeems and uses its code.
    const reward = page.getByLabel('Reward', { exact: true });
    expect(await reward.locator('option:checked').textContent()).toBe('Free coffee — 50 points (suggested)');
    await reward.focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText(/^Free coffee redeemed for 50 points \(code [A-Z0-9]{10}\)\. Hand it over\.$/).waitFor();
    await page.getByTestId('checkout-balance').getByText('130 points').waitFor();
    const codes = (await call(w.t, 'GET', `/v1/members/${memberId}/rewards`)).body.data;
    expect(codes.map((c: { status: string; rewardName: string }) => [c.rewardName, c.status])).toEqual([['Free coffee', 'used']]);
    // Too dear: said in plain words, nothing spent.
    await reward.selectOption({ label: 'Espresso machine — 5,000 points' });
    await page.getByRole('button', { name: 'Redeem reward' }).click();
    await page.getByRole('alert').getByText('Not enough points: Lin Ozola has 130, this reward needs 5,000.').waitFor();

    // A code the member redeemed in their wallet: typed (or scanned) and Enter uses it.
    const walletCode = (await call(w.t, 'POST', `/v1/members/${memberId}/rewards`, { rewardId: coffee })).body.code as string;
    await page.getByLabel('Code from the member’s wallet').focus();
    await page.keyboard.type(walletCode.toLowerCase());
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText('Free coffee used. Hand it over.').waitFor();
    await page.getByTestId('checkout-balance').getByText('80 points').waitFor();
    await page.keyboard.type('ZZZZ2222');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').getByText('This code is not one of Lin Ozola’s rewards. Check the letters and digits.').waitFor();

    // The lookup says to ask for a staff rating: one press invites, the member taps a score.
    await page.getByRole('heading', { name: 'Staff rating' }).waitFor();
    await page.getByLabel('Your staff id (optional)').fill('dana');
    await page.keyboard.press('Enter');
    await page.getByText('How was your service today?').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await expectAccessible(page, 'checkout with the member, the till forms and the staff rating');
    await screenshot(page, 'checkout');
    await page.getByRole('button', { name: 'Rate 5 of 5' }).click();
    await page.getByRole('status').getByText('Thank you! Lin Ozola rated the service 5 of 5.').waitFor();
    const responses = (await call(w.t, 'GET', `/v1/feedback/responses?memberId=${memberId}`)).body.data;
    expect(responses.map((r: { staffRating: number; staffId: string; channel: string; invitationId: string | null }) => [r.staffRating, r.staffId, r.channel, r.invitationId !== null])).toEqual([[5, 'dana', 'checkout', true]]);
    expect(await accessibilityProblems(page)).toEqual([]);
    await expectAccessible(page, 'checkout after the rating');

    await page.keyboard.press('Escape');
    expect(await focusedLabel(page)).toMatch(/^Member: scan the card/);
    expect(await page.getByRole('heading', { name: 'Lin Ozola' }).count()).toBe(0);
    // A scanned membership card reads fidelis:<member id>; asked once, the member is not asked again.
    await page.keyboard.type(`fidelis:${memberId}`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Lin Ozola' }).waitFor();
    await page.getByTestId('checkout-balance').getByText('80 points').waitFor();
    expect(await page.getByRole('heading', { name: 'Staff rating' }).count()).toBe(0);

    // The member signs in to the wallet by scanning a QR code off the till: the link it holds opens their wallet.
    const [signed] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/v1/members/${memberId}/wallet-link`) && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Show wallet sign-in QR' }).click(),
    ]);
    const link = (await signed.json()) as { url: string; expiresAt: string };
    expect(Date.parse(link.expiresAt) - w.t.now().getTime()).toBe(15 * 60_000);
    await page.getByRole('img', { name: 'QR code that opens Lin Ozola’s wallet' }).waitFor();
    await page.getByRole('status').getByText(/Lin Ozola scans this with the phone camera/).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await expectAccessible(page, 'checkout wallet sign-in QR');
    const phone = await w.browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(link.url.replace(/^https?:\/\/[^/]+/, w.baseUrl));
    await phone.getByTestId('wallet-balance').getByText('80 points to spend').waitFor();
    await phone.getByText('Lin Ozola').first().waitFor();
    await phone.close();
    await page.close();
  });

  it('says so when the staff rating cannot be loaded, keeps the till working and loads it on Try again', async () => {
    await createMemberVia(w.t, { email: 'ruta@example.com', name: 'Ruta Kalnina', marketingConsent: true });
    const page = await w.browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.route('**/v1/feedback/surveys', (route) => route.abort('failed'));
    await page.goto(`${w.baseUrl}/checkout`);
    await page.getByLabel('API key').fill(w.t.keys.staff);
    await page.keyboard.press('Enter');
    await page.getByLabel(/Member: scan the card/).fill('ruta@example.com');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Ruta Kalnina' }).waitFor();

    // Network down: the card says why in words instead of vanishing; the till still records a purchase.
    const rating = page.getByRole('region', { name: 'Staff rating' });
    await rating.getByRole('alert').getByText('The staff rating could not be loaded. The server cannot be reached. Check the connection and try again.').waitFor();
    expect(await rating.getByRole('button', { name: 'Ask for a rating' }).count()).toBe(0);
    expect(await focusedLabel(page)).toBe('Amount paid');
    await page.keyboard.type('4');
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText(/^Recorded €4\.00: \d+ points earned\.$/).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await expectAccessible(page, 'checkout with the staff rating not loaded');

    // A server error is said with the problem's own words; while the answer is awaited the button says it is trying.
    await page.unroute('**/v1/feedback/surveys');
    let answer = () => {};
    const answered = new Promise<void>((resolve) => (answer = resolve));
    await page.route('**/v1/feedback/surveys', async (route) => {
      await answered;
      await route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ status: 503, title: 'Service Unavailable', detail: 'The database is restarting.' }) });
    });
    await rating.getByRole('button', { name: 'Try again' }).click();
    const trying = rating.getByRole('button', { name: 'Trying again…' });
    await trying.waitFor();
    expect(await trying.isDisabled()).toBe(true);
    answer();
    await rating.getByRole('alert').getByText('The staff rating could not be loaded. The database is restarting.').waitFor();
    expect(await rating.getByRole('button', { name: 'Try again' }).isEnabled()).toBe(true);

    // Back up: Try again loads the survey, and the rating goes on as usual.
    await page.unroute('**/v1/feedback/surveys');
    await rating.getByRole('button', { name: 'Try again' }).click();
    await rating.getByRole('button', { name: 'Ask for a rating' }).click();
    await rating.getByRole('group', { name: 'Rating from 1 (poor) to 5 (excellent)' }).getByRole('button', { name: 'Rate 4 of 5' }).click();
    await rating.getByRole('status').getByText('Thank you! Ruta Kalnina rated the service 4 of 5.').waitFor();
    expect(await rating.getByRole('alert').count()).toBe(0);
    await page.close();
  });
});
