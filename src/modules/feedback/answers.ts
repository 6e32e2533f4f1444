// Pure: checks a member's answers against the survey they answer, and pulls out the scores the
// metrics read. Every problem is reported at once, with the path of the answer it concerns.
import type { FieldProblem } from '../../errors.js';
import type { Answer, Question } from './contract.js';
import { npsClassOf, STANDARD_NPS_SCALE, type NpsClass } from './metrics.js';

export interface AnswerSummary {
  npsScore: number | null;
  npsClass: NpsClass | null;
  csat: number | null;
  ces: number | null;
  staffRating: number | null;
  storeRating: number | null;
  /** Free-text answers joined, for search and for the follow-up. */
  comment: string | null;
}

const RANGES = { csat: [1, 5], ces: [1, 7], rating: [1, 5] } as const;

function checkValue(q: Question, value: Answer['value']): string | null {
  switch (q.type) {
    case 'nps': {
      const scale = q.scale ?? STANDARD_NPS_SCALE;
      return isIntIn(value, scale.min, scale.max) ? null : `must be a whole number from ${scale.min} to ${scale.max}`;
    }
    case 'csat':
    case 'ces':
    case 'rating': {
      const [min, max] = RANGES[q.type];
      return isIntIn(value, min, max) ? null : `must be a whole number from ${min} to ${max}`;
    }
    case 'single_choice':
      return typeof value === 'string' && q.options.some((o) => o.id === value) ? null : `must be one of ${q.options.map((o) => o.id).join(', ')}`;
    case 'multi_choice': {
      if (!Array.isArray(value) || value.length === 0) return 'must be a non-empty list of option ids';
      const unknown = value.filter((v) => !q.options.some((o) => o.id === v));
      if (unknown.length > 0) return `unknown options ${unknown.join(', ')}`;
      return new Set(value).size === value.length ? null : 'lists an option twice';
    }
    case 'text':
      if (typeof value !== 'string' || value.trim() === '') return 'must be non-empty text';
      return value.length <= q.maxLength ? null : `must be at most ${q.maxLength} characters`;
  }
}

function isIntIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * @example checkAnswers(questions, [{ questionId: 'nps', value: 11 }], 'body.answers').problems
 *   // [{ path: 'body.answers.0.value', message: 'must be a whole number from 0 to 10' }]
 */
export function checkAnswers(questions: readonly Question[], answers: readonly Answer[], path: string): { problems: FieldProblem[]; summary: AnswerSummary } {
  const problems: FieldProblem[] = [];
  const byId = new Map(questions.map((q) => [q.id, q]));
  const answered = new Set<string>();
  const summary: AnswerSummary = { npsScore: null, npsClass: null, csat: null, ces: null, staffRating: null, storeRating: null, comment: null };
  const comments: string[] = [];
  answers.forEach((answer, index) => {
    const q = byId.get(answer.questionId);
    if (!q) return problems.push({ path: `${path}.${index}.questionId`, message: `this survey has no question ${answer.questionId}` });
    if (answered.has(q.id)) return problems.push({ path: `${path}.${index}.questionId`, message: `question ${q.id} answered twice` });
    answered.add(q.id);
    const problem = checkValue(q, answer.value);
    if (problem) return problems.push({ path: `${path}.${index}.value`, message: problem });
    const value = answer.value;
    if (q.type === 'nps') {
      summary.npsScore = value as number;
      summary.npsClass = npsClassOf(value as number, q.scale ?? STANDARD_NPS_SCALE);
    } else if (q.type === 'csat') summary.csat = value as number;
    else if (q.type === 'ces') summary.ces = value as number;
    else if (q.type === 'rating') summary[q.subject === 'staff' ? 'staffRating' : 'storeRating'] = value as number;
    else if (q.type === 'text') comments.push((value as string).trim());
    return undefined;
  });
  for (const q of questions) {
    if (q.required && !answered.has(q.id)) problems.push({ path, message: `question ${q.id} is required` });
  }
  summary.comment = comments.length > 0 ? comments.join('\n\n') : null;
  return { problems, summary };
}

/** Texts in the member's locale, else its language, else the survey's default. */
export function pickText(texts: Record<string, string>, locale: string | null | undefined, defaultLocale: string): string {
  if (locale && texts[locale]) return texts[locale];
  const language = locale?.split('-')[0];
  if (language && texts[language]) return texts[language];
  return texts[defaultLocale] ?? Object.values(texts)[0] ?? '';
}

/** Needs a person: a detractor, or CSAT 1–2. */
export function followUpReason(summary: AnswerSummary): 'detractor' | 'low_csat' | null {
  if (summary.npsClass === 'detractor') return 'detractor';
  if (summary.csat !== null && summary.csat <= 2) return 'low_csat';
  return null;
}
