// The earning-rule form covers the common shapes (one effect on all lines, on categories or on SKUs,
// for one event type, with priority, window and caps); anything else is edited as JSON. These pure
// functions turn one into the other, so the two views of a rule stay the same rule.
import { parseAmount } from '../../format.ts';
import type { Json, JsonObject } from './json-path.ts';
import { fromLocalInput, toLocalInput } from './local-time.ts';

export const EVENT_TYPES = ['order', 'signup', 'birthday', 'profile_completed', 'review_written', 'social_share', 'healthy_activity', 'survey_answered'] as const;
export const EFFECTS = { points_per_amount: 'Points per amount spent', multiplier: 'Multiplier on earned points', fixed_points: 'Fixed points' } as const;
export const SCOPES = { all: 'Every line', category: 'Lines in categories', sku: 'Lines with SKUs' } as const;

export interface RuleForm {
  name: string;
  eventType: string;
  effect: keyof typeof EFFECTS;
  points: string;
  /** Money typed as an amount ("1.00"); the rule stores minor units. */
  per: string;
  factor: string;
  scope: keyof typeof SCOPES;
  /** Comma-separated categories or SKUs. */
  scopeValues: string;
  priority: string;
  exclusive: boolean;
  activeFrom: string;
  activeTo: string;
  perMemberPerDay: string;
  perMemberPerMonth: string;
  budget: string;
}

export const NEW_RULE: RuleForm = {
  name: '',
  eventType: 'order',
  effect: 'points_per_amount',
  points: '1',
  per: '1.00',
  factor: '2',
  scope: 'all',
  scopeValues: '',
  priority: '100',
  exclusive: false,
  activeFrom: '',
  activeTo: '',
  perMemberPerDay: '',
  perMemberPerMonth: '',
  budget: '',
};

/** A typed number, or the text itself so the API names the field that is not a number. */
function numberOf(text: string): Json | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

function withoutUndefined(object: Record<string, Json | undefined>): JsonObject {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as JsonObject;
}

/**
 * The rule definition the form describes, as the API takes it.
 * @example toDefinition({ ...NEW_RULE, name: 'Coffee', scope: 'category', scopeValues: 'coffee' }).condition
 * // { field: 'line.category', op: 'eq', value: 'coffee' }
 */
export function toDefinition(form: RuleForm): JsonObject {
  const values = form.scopeValues.split(',').map((v) => v.trim()).filter(Boolean);
  const field = form.scope === 'category' ? 'line.category' : 'line.sku';
  const condition = form.scope === 'all' ? undefined : values.length === 1 ? { field, op: 'eq', value: values[0]! } : { field, op: 'in', value: values };
  const effect =
    form.effect === 'points_per_amount'
      ? withoutUndefined({ type: form.effect, points: numberOf(form.points), per: parseAmount(form.per) ?? numberOf(form.per) })
      : form.effect === 'multiplier'
        ? withoutUndefined({ type: form.effect, factor: numberOf(form.factor) })
        : withoutUndefined({ type: form.effect, points: numberOf(form.points) });
  const caps = withoutUndefined({ perMemberPerDay: numberOf(form.perMemberPerDay), perMemberPerMonth: numberOf(form.perMemberPerMonth), budget: numberOf(form.budget) });
  return withoutUndefined({
    name: form.name,
    eventTypes: [form.eventType],
    condition,
    effects: [effect],
    priority: numberOf(form.priority),
    exclusive: form.exclusive,
    activeFrom: form.activeFrom ? (fromLocalInput(form.activeFrom) ?? form.activeFrom) : undefined,
    activeTo: form.activeTo ? (fromLocalInput(form.activeTo) ?? form.activeTo) : undefined,
    caps: Object.keys(caps).length > 0 ? caps : undefined,
  });
}

const KNOWN_KEYS = new Set(['name', 'eventTypes', 'condition', 'effects', 'priority', 'exclusive', 'activeFrom', 'activeTo', 'caps']);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** The scope of a condition the form can show, or null. */
function scopeOf(condition: unknown): Pick<RuleForm, 'scope' | 'scopeValues'> | null {
  if (condition === undefined) return { scope: 'all', scopeValues: '' };
  if (!isObject(condition) || (condition.field !== 'line.category' && condition.field !== 'line.sku')) return null;
  const scope = condition.field === 'line.category' ? 'category' : 'sku';
  if (condition.op === 'eq' && typeof condition.value === 'string') return { scope, scopeValues: condition.value };
  if (condition.op === 'in' && Array.isArray(condition.value) && condition.value.every((v) => typeof v === 'string')) return { scope, scopeValues: condition.value.join(', ') };
  return null;
}

/**
 * The form for a rule definition, or the reason the form cannot show it (then it is edited as JSON).
 * Values the API would refuse are carried over as typed, so the API's validation still names them.
 */
export function fromDefinition(definition: unknown): RuleForm | { reason: string } {
  if (!isObject(definition)) return { reason: 'a rule is one JSON object' };
  const extra = Object.keys(definition).filter((k) => !KNOWN_KEYS.has(k));
  if (extra.length > 0) return { reason: `it has fields the form does not know (${extra.join(', ')})` };
  const { eventTypes, effects, caps } = definition;
  if (!Array.isArray(eventTypes) || eventTypes.length !== 1 || typeof eventTypes[0] !== 'string') return { reason: 'it earns on several event types' };
  if (!Array.isArray(effects) || effects.length !== 1 || !isObject(effects[0])) return { reason: 'it has several effects' };
  const effect = effects[0];
  if (!(typeof effect.type === 'string' && effect.type in EFFECTS)) return { reason: `its effect is ${text(effect.type)}` };
  const scope = scopeOf(definition.condition);
  if (!scope) return { reason: 'its condition is more than a category or SKU list' };
  if (caps !== undefined && !isObject(caps)) return { reason: 'its caps are not an object' };
  return {
    name: text(definition.name),
    eventType: eventTypes[0],
    effect: effect.type as RuleForm['effect'],
    points: text(effect.points ?? NEW_RULE.points),
    per: typeof effect.per === 'number' ? (effect.per / 100).toFixed(2) : NEW_RULE.per,
    factor: text(effect.factor ?? NEW_RULE.factor),
    ...scope,
    priority: text(definition.priority ?? 100),
    exclusive: definition.exclusive === true,
    activeFrom: typeof definition.activeFrom === 'string' ? toLocalInput(definition.activeFrom) : '',
    activeTo: typeof definition.activeTo === 'string' ? toLocalInput(definition.activeTo) : '',
    perMemberPerDay: text(caps?.perMemberPerDay),
    perMemberPerMonth: text(caps?.perMemberPerMonth),
    budget: text(caps?.budget),
  };
}
