// The program's engagement and integration screens: surveys, journeys, segments, webhooks, API keys.
import { formatDate } from '../../format.ts';
import { bodyAs, type Schemas } from './api-types.ts';
import type { JsonObject } from './json-path.ts';
import { send } from './problem.ts';
import type { ResourceSpec } from './resource-screen.tsx';
import { describeFilter } from './segment-words.ts';

const when = (iso: string | null | undefined) => (iso ? formatDate(iso) : '—');

type Survey = Schemas['Survey'];

export const surveysSpec: ResourceSpec<Survey> = {
  title: 'Surveys',
  noun: 'survey',
  intro: 'NPS, CSAT, CES and other questions, sent after an order, after a staff interaction, periodically or by campaign. Questions are fixed once created.',
  load: async (client) => (await send(client.GET('/v1/feedback/surveys'))).data,
  id: (s) => s.id,
  name: (s) => s.name,
  columns: [
    { label: 'Name', cell: (s) => s.name },
    { label: 'Questions', cell: (s) => s.questions.map((q) => q.type).join(', ') },
    { label: 'Trigger', cell: (s) => s.trigger.type.replaceAll('_', ' ') },
    { label: 'Status', cell: (s) => (s.active ? 'active' : 'inactive') },
  ],
  fields: [
    { path: ['name'], label: 'Name', kind: 'text' },
    { path: ['trigger', 'type'], label: 'Sent', kind: 'select', options: ['after_order', 'after_staff_interaction', 'periodic', 'manual'] },
    { path: ['trigger', 'delayHours'], label: 'Hours after the order', kind: 'number', hint: 'For after_order.' },
    { path: ['invitationTtlDays'], label: 'Invitation valid for (days)', kind: 'number' },
    { path: ['active'], label: 'Active', kind: 'checkbox' },
  ],
  template: {
    name: 'After-purchase NPS',
    defaultLocale: 'en',
    questions: [
      { id: 'nps', type: 'nps', text: { en: 'How likely are you to recommend us to a friend?' } },
      { id: 'why', type: 'text', required: false, text: { en: 'What is the main reason for your score?' } },
    ],
    trigger: { type: 'after_order', delayHours: 24 },
    invitationTtlDays: 14,
    active: true,
  },
  create: (client, body, key) => send(client.POST('/v1/feedback/surveys', { headers: { 'Idempotency-Key': key }, body: bodyAs(body) })),
  edit: {
    body: (s) => ({ name: s.name, trigger: s.trigger, invitationTtlDays: s.invitationTtlDays, active: s.active }) as JsonObject,
    save: (client, s, body, key) => send(client.PATCH('/v1/feedback/surveys/{id}', { params: { path: { id: s.id } }, headers: { 'Idempotency-Key': key }, body: bodyAs(body) })),
  },
  actions: (s) => [
    s.active
      ? {
          label: 'Retire',
          confirm: `Stop inviting members to “${s.name}”? Answers already given are kept.`,
          run: (client, key) => send(client.PATCH('/v1/feedback/surveys/{id}', { params: { path: { id: s.id } }, headers: { 'Idempotency-Key': key }, body: { active: false } })),
        }
      : { label: 'Activate', run: (client, key) => send(client.PATCH('/v1/feedback/surveys/{id}', { params: { path: { id: s.id } }, headers: { 'Idempotency-Key': key }, body: { active: true } })) },
  ],
};

type Journey = Schemas['Journey'];

export const journeysSpec: ResourceSpec<Journey> = {
  title: 'Journeys',
  noun: 'journey',
  intro: 'Automations: a trigger enrols a member, then steps wait, check a condition and act (points, coupon, reward, email, task). Active as soon as created.',
  load: async (client) => (await send(client.GET('/v1/journeys', { params: { query: { limit: 100 } } }))).data,
  id: (j) => j.id,
  name: (j) => j.name,
  columns: [
    { label: 'Name', cell: (j) => j.name },
    { label: 'Trigger', cell: (j) => j.trigger.kind },
    { label: 'Steps', cell: (j) => j.steps.map((s) => s.action.type.replaceAll('_', ' ')).join(' → ') },
    { label: 'Status', cell: (j) => j.status },
  ],
  fields: [
    { path: ['name'], label: 'Name', kind: 'text' },
    { path: ['trigger', 'kind'], label: 'Enrols on', kind: 'select', options: ['member.enrolled', 'birthday', 'order.count', 'anniversary', 'at_risk', 'tier.upgraded'] },
    { path: ['trigger', 'count'], label: 'Order number', kind: 'number', hint: 'Enrols a member when they place this order: 1 for the first, 10 for the tenth.', when: { path: ['trigger', 'kind'], is: 'order.count' } },
    { path: ['trigger', 'years'], label: 'Years since joining', kind: 'number', hint: 'Enrols a member on this anniversary of joining: 1 for the first.', when: { path: ['trigger', 'kind'], is: 'anniversary' } },
  ],
  template: {
    name: 'Welcome',
    trigger: { kind: 'member.enrolled' },
    steps: [{ wait: 'PT0M', action: { type: 'grant_points', points: 100, reason: 'welcome bonus' } }],
  },
  create: (client, body, key) => send(client.POST('/v1/journeys', { headers: { 'Idempotency-Key': key }, body: bodyAs(body) })),
  edit: {
    body: (j) => ({ name: j.name, trigger: j.trigger, steps: j.steps }) as JsonObject,
    save: (client, j, body, key) => send(client.PUT('/v1/journeys/{id}', { params: { path: { id: j.id } }, headers: { 'Idempotency-Key': key }, body: bodyAs(body) })),
  },
  actions: (j) => [
    j.status === 'active'
      ? {
          label: 'Pause',
          confirm: `Pause “${j.name}”? Nobody enters and no step runs until it is resumed.`,
          run: (client, key) => send(client.POST('/v1/journeys/{id}/pause', { params: { path: { id: j.id } }, headers: { 'Idempotency-Key': key } })),
        }
      : { label: 'Resume', run: (client, key) => send(client.POST('/v1/journeys/{id}/resume', { params: { path: { id: j.id } }, headers: { 'Idempotency-Key': key } })) },
  ],
};

type Segment = Schemas['Segment'];

export const segmentsSpec: ResourceSpec<Segment> = {
  title: 'Segments',
  noun: 'segment',
  intro: 'Saved member filters (tier, RFM segment, last order, orders, spend, NPS class, consent, tags) for campaigns, journeys and the call list.',
  load: async (client) => (await send(client.GET('/v1/segments'))).data,
  id: (s) => s.id,
  name: (s) => s.name,
  columns: [
    { label: 'Name', cell: (s) => s.name },
    { label: 'Filter', cell: (s) => describeFilter(s.filter) },
    { label: 'Changed', cell: (s) => when(s.updatedAt) },
  ],
  fields: [
    { path: ['name'], label: 'Name', kind: 'text' },
    { path: ['filter', 'tiers'], label: 'Tiers (comma separated ids)', kind: 'list' },
    { path: ['filter', 'ordersAtLeast'], label: 'Orders at least', kind: 'number' },
    { path: ['filter', 'lastOrderBefore', 'daysAgo'], label: 'No order in the last (days)', kind: 'number' },
    { path: ['filter', 'marketingConsent'], label: 'Only members who consented to marketing', kind: 'checkbox' },
  ],
  template: { name: 'Quiet for 60 days', filter: { lastOrderBefore: { daysAgo: 60 }, marketingConsent: true } },
  create: (client, body, key) => send(client.POST('/v1/segments', { headers: { 'Idempotency-Key': key }, body: bodyAs(body) })),
  edit: {
    body: (s) => ({ name: s.name, filter: s.filter }) as JsonObject,
    save: (client, s, body, key) => send(client.PUT('/v1/segments/{id}', { params: { path: { id: s.id } }, headers: { 'Idempotency-Key': key }, body: bodyAs(body) })),
  },
  actions: (s) => [
    {
      label: 'Delete',
      confirm: `Delete the segment “${s.name}”? Campaigns already sent are not affected.`,
      run: (client) => send(client.DELETE('/v1/segments/{id}', { params: { path: { id: s.id } } })),
    },
  ],
};

type Endpoint = Schemas['WebhookEndpoint'];
const webhookSecret = (answer: unknown) =>
  answer && typeof answer === 'object' && 'secret' in answer && typeof answer.secret === 'string' ? { label: 'Signing secret', value: answer.secret } : null;

export const webhooksSpec: ResourceSpec<Endpoint> = {
  title: 'Webhooks',
  noun: 'webhook endpoint',
  intro: 'Events (points.earned, tier.upgraded, …) delivered to your URLs, signed per Standard Webhooks, retried with backoff. The signing secret is shown once.',
  load: async (client) => (await send(client.GET('/v1/webhooks/endpoints', { params: { query: { limit: 100 } } }))).data,
  id: (e) => e.id,
  name: (e) => e.url,
  columns: [
    { label: 'URL', cell: (e) => <code>{e.url}</code> },
    { label: 'Events', cell: (e) => (e.eventTypes.length === 0 ? 'every event' : e.eventTypes.join(', ')) },
    { label: 'Description', cell: (e) => e.description ?? '—' },
    { label: 'Status', cell: (e) => (e.enabled ? 'enabled' : 'disabled') },
  ],
  fields: [
    { path: ['url'], label: 'URL', kind: 'text', hint: 'http or https.' },
    { path: ['eventTypes'], label: 'Events (comma separated; empty = every event)', kind: 'list', hint: 'Exact types like tier.upgraded or whole domains like points.*' },
    { path: ['description'], label: 'Description', kind: 'text' },
    { path: ['enabled'], label: 'Enabled', kind: 'checkbox' },
  ],
  template: { url: 'https://crm.example.com/hooks/fidelis', description: 'CRM sync', eventTypes: ['points.*', 'tier.upgraded'], enabled: true },
  create: (client, body, key) => send(client.POST('/v1/webhooks/endpoints', { headers: { 'Idempotency-Key': key }, body: bodyAs(body) })),
  edit: {
    body: (e) => ({ url: e.url, description: e.description, eventTypes: e.eventTypes, enabled: e.enabled }) as JsonObject,
    save: (client, e, body, key) => send(client.PATCH('/v1/webhooks/endpoints/{id}', { params: { path: { id: e.id } }, headers: { 'Idempotency-Key': key }, body: bodyAs(body) })),
  },
  actions: (e) => [
    {
      label: 'Rotate secret',
      confirm: 'Issue a new signing secret? The old one keeps working for a grace period, then stops.',
      run: (client, key) => send(client.POST('/v1/webhooks/endpoints/{id}/rotate-secret', { params: { path: { id: e.id } }, headers: { 'Idempotency-Key': key } })),
    },
    {
      label: 'Delete',
      confirm: `Delete ${e.url} and its delivery log? Nothing more is sent to it.`,
      run: (client) => send(client.DELETE('/v1/webhooks/endpoints/{id}', { params: { path: { id: e.id } } })),
    },
  ],
  secret: webhookSecret,
};

type ApiKey = Schemas['ApiKey'];

export const apiKeysSpec: ResourceSpec<ApiKey> = {
  title: 'API keys',
  noun: 'API key',
  intro: 'Keys for the dashboard, tills and integrations. admin: everything; staff: checkout; integration: server to server; analyst: read only. A key is shown once; only its hash is kept.',
  load: async (client) => (await send(client.GET('/v1/api-keys'))).data,
  id: (k) => k.id,
  name: (k) => k.name,
  columns: [
    { label: 'Name', cell: (k) => k.name },
    { label: 'Role', cell: (k) => k.role },
    { label: 'Starts with', cell: (k) => <code>{k.keyPrefix}…</code> },
    { label: 'Created', cell: (k) => when(k.createdAt) },
    { label: 'Status', cell: (k) => (k.revokedAt ? `revoked ${when(k.revokedAt)}` : 'active') },
  ],
  fields: [
    { path: ['name'], label: 'Key name', kind: 'text', hint: 'Who or what uses it, e.g. “Till 3, Riga”.' },
    { path: ['role'], label: 'Role', kind: 'select', options: ['admin', 'staff', 'integration', 'analyst'] },
  ],
  template: { name: 'Till 1', role: 'staff' },
  create: (client, body, key) => send(client.POST('/v1/api-keys', { headers: { 'Idempotency-Key': key }, body: bodyAs(body) })),
  actions: (k) =>
    k.revokedAt
      ? []
      : [
          {
            label: 'Revoke',
            confirm: `Revoke “${k.name}”? Anything using it is refused from now on; this cannot be undone.`,
            run: (client) => send(client.DELETE('/v1/api-keys/{keyId}', { params: { path: { keyId: k.id } } })),
          },
        ],
  secret: (answer) => (answer && typeof answer === 'object' && 'key' in answer && typeof answer.key === 'string' ? { label: 'New API key', value: answer.key } : null),
};
