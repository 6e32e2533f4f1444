import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { call, createMemberVia, createTestApp, orderBody, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.drop());

const unique = () => randomBytes(4).toString('hex');
const start = new Date('2026-06-01T12:00:00Z');

describe('create and get', () => {
  it('creates a member with every field, normalizing email and phone', async () => {
    t.setNow(start);
    const tag = unique();
    const created = await call(t, 'POST', '/v1/members', {
      email: `Ada.${tag}@Example.com`,
      phone: '+49 (151) 1234-' + String(parseInt(tag, 16) % 10_000).padStart(4, '0'),
      externalId: `crm-${tag}`,
      name: 'Ada Lovelace',
      birthday: '1990-04-17',
      locale: 'de-AT',
      marketingConsent: true,
      tags: [' VIP', 'vegan', 'vip'],
      preferences: { milk: ' oat ', size: 'large' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^mem_[0-9a-z]{26}$/),
      email: `ada.${tag}@example.com`,
      phone: '+491511234' + String(parseInt(tag, 16) % 10_000).padStart(4, '0'),
      externalId: `crm-${tag}`,
      name: 'Ada Lovelace',
      birthday: '1990-04-17',
      locale: 'de-AT',
      marketingConsent: true,
      tags: ['vip', 'vegan'],
      preferences: { milk: 'oat', size: 'large' },
      status: 'active',
      createdAt: start.toISOString(),
      updatedAt: start.toISOString(),
    });

    const fetched = await call(t, 'GET', `/v1/members/${created.body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(created.body);

    // A new member starts with an empty, open account.
    const balance = await call(t, 'GET', `/v1/members/${created.body.id}/balance`);
    expect(balance.body).toMatchObject({ available: 0, pending: 0, debt: 0, nextLots: [] });
  });

  it('needs at least one of email, phone, externalId; defaults marketingConsent to false', async () => {
    const none = await call(t, 'POST', '/v1/members', { name: 'Nobody' });
    expect(none.status).toBe(400);
    expect(none.body.code).toBe('validation_failed');

    const byPhone = await call(t, 'POST', '/v1/members', { phone: `+4417${String(Date.now()).slice(-8)}` });
    expect(byPhone.status, JSON.stringify(byPhone.body)).toBe(201);
    expect(byPhone.body).toMatchObject({ email: null, name: null, birthday: null, locale: null, marketingConsent: false });
  });

  it('unknown member is 404 member_not_found', async () => {
    const missing = await call(t, 'GET', '/v1/members/mem_00000000000000000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('member_not_found');
  });

  it('duplicate email (any case), phone or externalId is 409 member_exists', async () => {
    const tag = unique();
    const phone = `+3361${String(parseInt(tag, 16)).slice(-7).padStart(7, '0')}`;
    await createMemberVia(t, { email: `dup.${tag}@example.com`, phone, externalId: `dup-${tag}` });

    const email = await call(t, 'POST', '/v1/members', { email: `DUP.${tag}@EXAMPLE.COM` });
    expect(email.status).toBe(409);
    expect(email.body.code).toBe('member_exists');
    expect(email.body.detail).toContain('email');

    const samePhone = await call(t, 'POST', '/v1/members', { phone: phone.replace(/^(\+\d{4})/, '$1 ') });
    expect(samePhone.status).toBe(409);
    expect(samePhone.body.code).toBe('member_exists');
    expect(samePhone.body.detail).toContain('phone');

    const external = await call(t, 'POST', '/v1/members', { externalId: `dup-${tag}` });
    expect(external.status).toBe(409);
    expect(external.body.code).toBe('member_exists');
    expect(external.body.detail).toContain('externalId');
  });
});

describe('list and search', () => {
  it('pages with a cursor: every member exactly once, in id (creation) order', async () => {
    const tag = unique();
    const mine: string[] = [];
    for (let i = 0; i < 7; i++) mine.push(await createMemberVia(t, { email: `page${i}.${tag}@example.com` }));

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/v1/members?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await call(t, 'GET', url);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(3);
      expect(page.body.hasMore).toBe(page.body.nextCursor !== null);
      if (page.body.hasMore) expect(page.body.nextCursor).toBe(page.body.data[2].id);
      seen.push(...page.body.data.map((m: { id: string }) => m.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 100);

    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(seen);
    expect(seen.filter((id) => mine.includes(id))).toEqual(mine);
    // Our 7 alone span at least three pages of 3.
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('finds a member by email (any case), phone (any formatting) and externalId; misses are empty', async () => {
    const tag = unique();
    const phone = `+4420${String(parseInt(tag, 16)).slice(-8).padStart(8, '0')}`;
    const id = await createMemberVia(t, { email: `find.${tag}@example.com`, phone, externalId: `find-${tag}` });

    const byEmail = await call(t, 'GET', `/v1/members?email=${encodeURIComponent(`FIND.${tag}@Example.COM`)}`);
    expect(byEmail.body.data.map((m: { id: string }) => m.id)).toEqual([id]);
    const formatted = `${phone.slice(0, 3)} ${phone.slice(3, 6)}-${phone.slice(6)}`;
    const byPhone = await call(t, 'GET', `/v1/members?phone=${encodeURIComponent(formatted)}`);
    expect(byPhone.body.data.map((m: { id: string }) => m.id)).toEqual([id]);
    const byExternal = await call(t, 'GET', `/v1/members?externalId=find-${tag}`);
    expect(byExternal.body).toMatchObject({ data: [{ id }], hasMore: false, nextCursor: null });
    const combined = await call(t, 'GET', `/v1/members?externalId=find-${tag}&email=other.${tag}@example.com`);
    expect(combined.body.data).toEqual([]);
    const missing = await call(t, 'GET', `/v1/members?email=nobody.${tag}@example.com`);
    expect(missing.body).toEqual({ data: [], hasMore: false, nextCursor: null });
  });
});

describe('update', () => {
  it('PATCH changes the given fields, keeps the others, null clears', async () => {
    t.setNow(start);
    const tag = unique();
    const id = await createMemberVia(t, { email: `upd.${tag}@example.com`, name: 'Before', locale: 'en', birthday: '1985-01-02' });
    const later = new Date('2026-06-02T08:00:00Z');
    t.setNow(later);

    const patched = await call(t, 'PATCH', `/v1/members/${id}`, { name: 'After', locale: null, marketingConsent: true, email: `UPD2.${tag}@example.com` });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({
      id,
      name: 'After',
      locale: null,
      marketingConsent: true,
      email: `upd2.${tag}@example.com`,
      birthday: '1985-01-02',
      createdAt: start.toISOString(),
      updatedAt: later.toISOString(),
    });
    expect((await call(t, 'GET', `/v1/members/${id}`)).body).toEqual(patched.body);

    const [row] = await t.db.query<{ consent_updated_at: Date }>('select consent_updated_at from members where id = $1', [id]);
    expect(row!.consent_updated_at.toISOString()).toBe(later.toISOString());

    // The old email is free again, the new one is found.
    expect((await call(t, 'GET', `/v1/members?email=upd.${tag}@example.com`)).body.data).toEqual([]);
    expect((await call(t, 'GET', `/v1/members?email=upd2.${tag}@example.com`)).body.data).toHaveLength(1);

    const empty = await call(t, 'PATCH', `/v1/members/${id}`, {});
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual(patched.body);

    // Preferences merge: a value sets its key, null removes it, keys left out stay.
    expect((await call(t, 'PATCH', `/v1/members/${id}`, { preferences: { milk: 'oat', size: 'large', table: 'window' } })).body.preferences).toEqual({ milk: 'oat', size: 'large', table: 'window' });
    const merged = await call(t, 'PATCH', `/v1/members/${id}`, { preferences: { milk: 'soy', table: null } });
    expect(merged.body.preferences).toEqual({ milk: 'soy', size: 'large' });
    expect((await call(t, 'GET', `/v1/members/${id}`)).body.preferences).toEqual({ milk: 'soy', size: 'large' });
    const many = Object.fromEntries(Array.from({ length: 19 }, (_, i) => [`k${i}`, 'x']));
    const tooMany = await call(t, 'PATCH', `/v1/members/${id}`, { preferences: many });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body).toMatchObject({ code: 'member_preferences_too_many', errors: [{ path: 'body.preferences' }] });
    for (const preferences of [{ Milk: 'oat' }, { milk: '' }, { milk: 'x'.repeat(101) }, { milk: 3 }, Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'x']))]) {
      const refused = await call(t, 'PATCH', `/v1/members/${id}`, { preferences });
      expect(refused.status, JSON.stringify(preferences)).toBe(400);
      expect(refused.body.errors[0].path).toMatch(/^body\.preferences/);
    }
    expect((await call(t, 'GET', `/v1/members/${id}`)).body.preferences).toEqual({ milk: 'soy', size: 'large' });
  });

  it('PATCH may not leave a member with no email, phone or externalId', async () => {
    const id = await createMemberVia(t, { email: `only.${unique()}@example.com` });
    const cleared = await call(t, 'PATCH', `/v1/members/${id}`, { email: null, name: 'Still here' });
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(422);
    expect(cleared.body.code).toBe('member_identifier_required');
    expect((await call(t, 'GET', `/v1/members/${id}`)).body).toMatchObject({ email: expect.stringContaining('only.'), name: 'Test Member' });
    const swapped = await call(t, 'PATCH', `/v1/members/${id}`, { email: null, externalId: `crm-${unique()}` });
    expect(swapped.status, JSON.stringify(swapped.body)).toBe(200);
    expect(swapped.body.email).toBeNull();
  });

  it('PATCH to another member’s email is 409 member_exists and changes nothing', async () => {
    const tag = unique();
    await createMemberVia(t, { email: `taken.${tag}@example.com` });
    const id = await createMemberVia(t, { email: `mine.${tag}@example.com`, name: 'Mine' });
    const clash = await call(t, 'PATCH', `/v1/members/${id}`, { email: `Taken.${tag}@example.com`, name: 'Changed' });
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('member_exists');
    expect((await call(t, 'GET', `/v1/members/${id}`)).body).toMatchObject({ email: `mine.${tag}@example.com`, name: 'Mine' });
  });

  it('PATCH rejects unknown fields and an invalid phone', async () => {
    const id = await createMemberVia(t);
    const unknown = await call(t, 'PATCH', `/v1/members/${id}`, { status: 'erased' });
    expect(unknown.status).toBe(400);
    const phone = await call(t, 'PATCH', `/v1/members/${id}`, { phone: '12345' });
    expect(phone.status).toBe(422);
    expect(phone.body.code).toBe('phone_invalid');
  });
});

describe('notes', () => {
  it('adds notes with author (default: the API key name) and time; lists newest first', async () => {
    const id = await createMemberVia(t);
    const first = new Date('2026-06-03T09:00:00Z');
    t.setNow(first);
    const a = await call(t, 'POST', `/v1/members/${id}/notes`, { body: '  Prefers oat milk.  ' });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body).toEqual({ id: expect.stringMatching(/^note_/), memberId: id, body: 'Prefers oat milk.', author: 'admin test', createdAt: first.toISOString() });

    const second = new Date('2026-06-04T09:00:00Z');
    t.setNow(second);
    const b = await call(t, 'POST', `/v1/members/${id}/notes`, { body: 'Training for a marathon.', author: 'Barista Ben' }, { role: 'staff' });
    expect(b.status).toBe(201);
    expect(b.body).toMatchObject({ author: 'Barista Ben', createdAt: second.toISOString() });

    const list = await call(t, 'GET', `/v1/members/${id}/notes`, undefined, { role: 'analyst' });
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([b.body, a.body]);

    const blank = await call(t, 'POST', `/v1/members/${id}/notes`, { body: '   ' });
    expect(blank.status).toBe(400);
    const missing = await call(t, 'GET', '/v1/members/mem_00000000000000000000000000/notes');
    expect(missing.status).toBe(404);
  });
});

describe('GDPR export and erasure', () => {
  it('export holds the member, notes, balance, orders with lines and refunds, and ledger entries', async () => {
    t.setNow(start);
    const tag = unique();
    const id = await createMemberVia(t, { email: `gdpr.${tag}@example.com`, name: 'Grace Hopper', externalId: `gdpr-${tag}`, preferences: { seat: 'window' } });
    await call(t, 'POST', `/v1/members/${id}/notes`, { body: 'Likes window seats.' });
    const order = await call(t, 'POST', '/v1/orders', orderBody(id, [{ unitPrice: 1000, quantity: 2 }, { unitPrice: 500 }]));
    expect(order.status).toBe(201);
    t.setNow(new Date('2026-07-15T00:00:00Z'));
    expect((await call(t, 'POST', `/v1/members/${id}/redemptions`, { points: 5 })).status).toBe(201);
    expect((await call(t, 'POST', `/v1/orders/${order.body.id}/refunds`, { lines: [{ lineId: 'l2', quantity: 1 }] })).status).toBe(201);

    const exported = await call(t, 'GET', `/v1/members/${id}/export`, undefined, { role: 'integration' });
    expect(exported.status, JSON.stringify(exported.body)).toBe(200);
    const body = exported.body;
    expect(body.exportedAt).toBe('2026-07-15T00:00:00.000Z');
    expect(body.member).toMatchObject({ id, email: `gdpr.${tag}@example.com`, name: 'Grace Hopper', externalId: `gdpr-${tag}`, preferences: { seat: 'window' } });
    expect(body.notes).toEqual([expect.objectContaining({ body: 'Likes window seats.', memberId: id })]);
    expect(body.balance).toMatchObject({ memberId: id, available: 15, pending: 0 });
    expect(body.orders).toHaveLength(1);
    expect(body.orders[0]).toMatchObject({ id: order.body.id, total: 2500, points: 25, refunds: [expect.objectContaining({ points: 5 })] });
    expect(body.orders[0].lines.map((l: { lineId: string }) => l.lineId)).toEqual(['l1', 'l2']);
    expect(body.ledger.map((e: { kind: string }) => e.kind)).toEqual(['clawback', 'redeem', 'earn']);
    for (const entry of body.ledger) expect(typeof entry.explanation).toBe('string');

    const staff = await call(t, 'GET', `/v1/members/${id}/export`, undefined, { role: 'staff' });
    expect(staff.status).toBe(403);
  });

  it('erasure scrubs personal data and notes, keeps the ledger and balance, frees the email', async () => {
    t.setNow(start);
    const tag = unique();
    const email = `erase.${tag}@example.com`;
    const phone = `+3519${String(parseInt(tag, 16)).slice(-8).padStart(8, '0')}`;
    const id = await createMemberVia(t, { email, phone, externalId: `erase-${tag}`, name: 'Erin', birthday: '1970-01-01', locale: 'pt-PT', marketingConsent: true, tags: ['vip'], preferences: { milk: 'oat' } });
    await call(t, 'POST', `/v1/members/${id}/notes`, { body: 'Erin’s daughter is called Ann.' }, { headers: { 'idempotency-key': `note-${tag}` } });
    const storedNote = `select 1 from idempotency_keys where key = $1`;
    expect(await t.db.query(storedNote, [`note-${tag}`])).toHaveLength(1);
    const order = await call(t, 'POST', '/v1/orders', orderBody(id, [{ unitPrice: 4200 }]));
    expect(order.status).toBe(201);
    t.setNow(new Date('2026-07-15T00:00:00Z'));
    expect((await call(t, 'POST', `/v1/members/${id}/redemptions`, { points: 2 })).status).toBe(201);
    const balanceBefore = (await call(t, 'GET', `/v1/members/${id}/balance`)).body;
    const ledgerBefore = (await call(t, 'GET', `/v1/members/${id}/ledger`)).body;

    const staff = await call(t, 'POST', `/v1/members/${id}/erase`, undefined, { role: 'staff' });
    expect(staff.status).toBe(403);
    const erasedAt = new Date('2026-07-16T00:00:00Z');
    t.setNow(erasedAt);
    const erased = await call(t, 'POST', `/v1/members/${id}/erase`);
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(erased.body).toEqual({
      id,
      email: null,
      phone: null,
      externalId: null,
      name: null,
      birthday: null,
      locale: null,
      marketingConsent: false,
      tags: [],
      preferences: {},
      status: 'erased',
      createdAt: start.toISOString(),
      updatedAt: erasedAt.toISOString(),
    });
    expect((await call(t, 'GET', `/v1/members/${id}`)).body).toEqual(erased.body);
    const [row] = await t.db.query<Record<string, unknown>>(
      'select email, phone, external_id, name, birthday, locale, preferences, erased_at from members where id = $1',
      [id],
    );
    expect(row).toMatchObject({ email: null, phone: null, external_id: null, name: null, birthday: null, locale: null, preferences: {} });
    expect((row!.erased_at as Date).toISOString()).toBe(erasedAt.toISOString());

    // Notes are gone, in the API and in the table.
    expect((await call(t, 'GET', `/v1/members/${id}/notes`)).body.data).toEqual([]);
    expect(await t.db.query('select 1 from member_notes where member_id = $1', [id])).toEqual([]);

    // Not findable by any former identifier.
    expect((await call(t, 'GET', `/v1/members?email=${encodeURIComponent(email)}`)).body.data).toEqual([]);
    expect((await call(t, 'GET', `/v1/members?phone=${encodeURIComponent(phone)}`)).body.data).toEqual([]);
    expect((await call(t, 'GET', `/v1/members?externalId=erase-${tag}`)).body.data).toEqual([]);

    // Ledger and balance stay under the pseudonymous id, and still add up.
    const balanceAfter = (await call(t, 'GET', `/v1/members/${id}/balance`)).body;
    expect({ ...balanceAfter, asOf: null }).toEqual({ ...balanceBefore, asOf: null });
    expect((await call(t, 'GET', `/v1/members/${id}/ledger`)).body).toEqual(ledgerBefore);
    expect((await call(t, 'GET', `/v1/orders/${order.body.id}`)).status).toBe(200);
    expect((await verifyLedger(t.db)).problems).toEqual([]);

    // An erased member takes no new orders, notes or edits; erasing again changes nothing.
    const newOrder = await call(t, 'POST', '/v1/orders', orderBody(id, [{ unitPrice: 100 }], '2026-07-15T10:00:00Z'));
    expect(newOrder.status).toBe(404);
    expect(newOrder.body.code).toBe('member_not_found');
    expect((await call(t, 'POST', `/v1/members/${id}/notes`, { body: 'again' })).status).toBe(404);
    const edit = await call(t, 'PATCH', `/v1/members/${id}`, { name: 'Back' });
    expect(edit.status).toBe(422);
    expect(edit.body.code).toBe('member_erased');
    const events = async () => (await t.db.query<{ n: number }>(`select count(*)::int as n from outbox where type = 'member.erased' and member_id = $1`, [id]))[0]!.n;
    expect(await events()).toBe(1);
    t.setNow(new Date('2026-07-20T00:00:00Z'));
    // A client that sends a JSON content type with no body is fine.
    const again = await t.app.inject({ method: 'POST', url: `/v1/members/${id}/erase`, headers: { authorization: `Bearer ${t.keys.admin}`, 'content-type': 'application/json' } });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual(erased.body);
    expect(await events()).toBe(1);
    // Stored idempotent answers that repeated the member's data are gone too.
    expect(await t.db.query(storedNote, [`note-${tag}`])).toEqual([]);

    // The export of an erased member carries no personal data.
    const exported = (await call(t, 'GET', `/v1/members/${id}/export`)).body;
    expect(exported.member).toMatchObject({ email: null, phone: null, name: null, status: 'erased' });
    expect(exported.notes).toEqual([]);
    expect(JSON.stringify(exported)).not.toContain(email);
    expect(JSON.stringify(exported)).not.toContain('Erin');

    // The email is free for a new enrolment.
    const reenrol = await call(t, 'POST', '/v1/members', { email });
    expect(reenrol.status).toBe(201);
    expect(reenrol.body.id).not.toBe(id);
  });
});
