import { describe, expect, it } from 'vitest';
import { checkAnswers, followUpReason, pickText } from './answers.js';
import type { Question } from './contract.js';
import { isDrifting, quadrantOf } from './loyalty.js';
import { signInvitationToken, verifyInvitationToken } from './tokens.js';

const en = (text: string) => ({ en: text });
const questions: Question[] = [
  { id: 'nps', type: 'nps', text: en('Recommend?'), required: true },
  { id: 'csat', type: 'csat', text: en('Satisfied?'), required: false },
  { id: 'ces', type: 'ces', text: en('Easy?'), required: false },
  { id: 'cashier', type: 'rating', subject: 'staff', text: en('Cashier?'), required: false },
  { id: 'visit', type: 'single_choice', options: [{ id: 'shop', text: en('Shop') }, { id: 'web', text: en('Web') }], text: en('Where?'), required: false },
  { id: 'liked', type: 'multi_choice', options: [{ id: 'price', text: en('Price') }, { id: 'staff', text: en('Staff') }], text: en('Liked?'), required: false },
  { id: 'why', type: 'text', maxLength: 20, text: en('Why?'), required: false },
];

describe('checkAnswers', () => {
  it('accepts valid answers and pulls out every score', () => {
    const { problems, summary } = checkAnswers(
      questions,
      [
        { questionId: 'nps', value: 3 },
        { questionId: 'csat', value: 2 },
        { questionId: 'ces', value: 7 },
        { questionId: 'cashier', value: 5 },
        { questionId: 'visit', value: 'web' },
        { questionId: 'liked', value: ['price', 'staff'] },
        { questionId: 'why', value: ' Too slow ' },
      ],
      'body.answers',
    );
    expect(problems).toEqual([]);
    expect(summary).toEqual({ npsScore: 3, npsClass: 'detractor', csat: 2, ces: 7, staffRating: 5, storeRating: null, comment: 'Too slow' });
  });

  it.each([
    [{ questionId: 'nps', value: 11 }, 'body.answers.0.value', 'must be a whole number from 0 to 10'],
    [{ questionId: 'nps', value: -1 }, 'body.answers.0.value', 'must be a whole number from 0 to 10'],
    [{ questionId: 'nps', value: 7.5 }, 'body.answers.0.value', 'must be a whole number from 0 to 10'],
    [{ questionId: 'nps', value: '9' }, 'body.answers.0.value', 'must be a whole number from 0 to 10'],
    [{ questionId: 'other_survey_q', value: 3 }, 'body.answers.0.questionId', 'this survey has no question other_survey_q'],
  ])('refuses %j', (answer, path, message) => {
    expect(checkAnswers(questions, [answer], 'body.answers').problems).toContainEqual({ path, message });
  });

  it('reports every problem at once: range, choices, length, duplicates, missing required', () => {
    const { problems } = checkAnswers(
      questions,
      [
        { questionId: 'csat', value: 6 },
        { questionId: 'ces', value: 0 },
        { questionId: 'visit', value: 'moon' },
        { questionId: 'liked', value: ['price', 'price'] },
        { questionId: 'why', value: 'x'.repeat(21) },
        { questionId: 'csat', value: 4 },
      ],
      'body.answers',
    );
    expect(problems.map((p) => p.path)).toEqual([
      'body.answers.0.value',
      'body.answers.1.value',
      'body.answers.2.value',
      'body.answers.3.value',
      'body.answers.4.value',
      'body.answers.5.questionId',
      'body.answers',
    ]);
    expect(problems.at(-1)!.message).toBe('question nps is required');
  });

  it('asks for a follow-up for detractors and CSAT 1–2 only', () => {
    const base = { npsScore: null, npsClass: null, csat: null, ces: null, staffRating: null, storeRating: null, comment: null };
    expect(followUpReason({ ...base, npsClass: 'detractor' })).toBe('detractor');
    expect(followUpReason({ ...base, npsClass: 'passive', csat: 2 })).toBe('low_csat');
    expect(followUpReason({ ...base, npsClass: 'passive', csat: 3 })).toBeNull();
    expect(followUpReason(base)).toBeNull();
  });
});

describe('pickText', () => {
  const texts = { en: 'Hello', he: 'שלום', 'pt-BR': 'Olá' };
  it('uses the locale, then its language, then the default', () => {
    expect(pickText(texts, 'pt-BR', 'en')).toBe('Olá');
    expect(pickText(texts, 'he-IL', 'en')).toBe('שלום');
    expect(pickText(texts, 'ka', 'en')).toBe('Hello');
    expect(pickText(texts, null, 'he')).toBe('שלום');
  });
});

describe('invitation tokens', () => {
  const secret = Buffer.from('0123456789abcdef0123456789abcdef');
  const now = new Date('2026-06-01T12:00:00Z');
  const expires = new Date('2026-06-15T12:00:00Z');
  const token = signInvitationToken(secret, 'inv_01jd3x8k2q9v7c4m5n6p7r8s9t', expires);

  it('verifies what it signed until it expires', () => {
    expect(verifyInvitationToken(secret, token, now)).toEqual({ ok: true, invitationId: 'inv_01jd3x8k2q9v7c4m5n6p7r8s9t' });
    expect(verifyInvitationToken(secret, token, expires)).toEqual({ ok: false, reason: 'expired' });
  });

  it('calls any change forged: another id, a later expiry, another key, a cut MAC', () => {
    const [id, exp, mac] = token.split('.') as [string, string, string];
    for (const forged of [`inv_01jd3x8k2q9v7c4m5n6p7r8s9v.${exp}.${mac}`, `${id}.${Number(exp) + 86400}.${mac}`, `${id}.${exp}.${mac.slice(0, -2)}`, 'garbage', `${id}.${exp}`]) {
      expect(verifyInvitationToken(secret, forged, now)).toEqual({ ok: false, reason: 'forged' });
    }
    expect(verifyInvitationToken(Buffer.from('another secret of 32 characters!'), token, now)).toEqual({ ok: false, reason: 'forged' });
  });
});

describe('satisfaction vs loyalty quadrants', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
  // A weekly buyer: 10 orders over 63 days, usual interval 7 days → drifting after 30 days (the floor).
  const weekly = (lastDaysAgo: number) => ({ orders: 10, firstOrderAt: daysAgo(lastDaysAgo + 63), lastOrderAt: daysAgo(lastDaysAgo) });
  // A quarterly buyer: 5 orders over 360 days, usual interval 90 → drifting after 180 days.
  const quarterly = (lastDaysAgo: number) => ({ orders: 5, firstOrderAt: daysAgo(lastDaysAgo + 360), lastOrderAt: daysAgo(lastDaysAgo) });

  it.each([
    [true, weekly(5), 'loyal_satisfied'],
    [true, weekly(31), 'satisfied_drifting'],
    [false, weekly(5), 'loyal_unhappy'],
    [false, weekly(45), 'lost'],
    [true, quarterly(150), 'loyal_satisfied'],
    [true, quarterly(181), 'satisfied_drifting'],
    [true, { orders: 1, firstOrderAt: daysAgo(80), lastOrderAt: daysAgo(80) }, 'loyal_satisfied'],
    [true, { orders: 1, firstOrderAt: daysAgo(91), lastOrderAt: daysAgo(91) }, 'satisfied_drifting'],
    [true, { orders: 0, firstOrderAt: null, lastOrderAt: null }, 'satisfied_drifting'],
  ] as const)('satisfied=%s %j → %s', (satisfied, behaviour, expected) => {
    expect(quadrantOf(satisfied, behaviour, now)).toBe(expected);
  });

  it('is not drifting exactly at the threshold', () => {
    expect(isDrifting(weekly(30), now)).toBe(false);
  });
});
