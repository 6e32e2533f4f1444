// Six ready-made journeys, to POST as they are or adapt. They hand out points and tasks, never a coupon
// or reward: those name ids of this program, so add an issue_coupon/grant_reward step once they exist.
import type { JourneyInput } from './contract.js';

const CONSENT = { all: [{ kind: 'has_consent' as const }], onFail: 'skip' as const };
const FOOTER_EN = '\n\nNo more emails like this: {{unsubscribeUrl}}';
const FOOTER_DE = '\n\nKeine solchen E-Mails mehr: {{unsubscribeUrl}}';

function email(en: [string, string], de: [string, string]) {
  return {
    type: 'send_email' as const,
    template: {
      fallbackLocale: 'en',
      locales: { en: { subject: en[0], body: en[1] + FOOTER_EN }, de: { subject: de[0], body: de[1] + FOOTER_DE } },
    },
  };
}

export const JOURNEY_TEMPLATES: { key: string; description: string; journey: JourneyInput }[] = [
  {
    key: 'welcome',
    description: 'New members get 100 points and a welcome email at once, and a reminder after a week if they have not ordered.',
    journey: {
      name: 'Welcome series',
      trigger: { kind: 'member.enrolled' },
      steps: [
        { wait: 'PT0M', action: { type: 'grant_points', points: 100, reason: 'welcome bonus' } },
        { wait: 'PT0M', condition: CONSENT, action: email(['Welcome, {{name}}!', 'Hello {{name}},\n\nthank you for joining. 100 welcome points are already in your account.'], ['Willkommen, {{name}}!', 'Hallo {{name}},\n\ndanke für deine Anmeldung. 100 Willkommenspunkte sind schon auf deinem Konto.']) },
        {
          wait: 'P7D',
          condition: { all: [{ kind: 'no_order_since_entry' }, { kind: 'has_consent' }], onFail: 'skip' },
          action: email(['Your points are waiting, {{name}}', 'Hello {{name}},\n\nyour 100 welcome points are waiting for your first order.'], ['Deine Punkte warten, {{name}}', 'Hallo {{name}},\n\ndeine 100 Willkommenspunkte warten auf deine erste Bestellung.']),
        },
      ],
    },
  },
  {
    key: 'birthday',
    description: '200 points and a birthday email three days before the birthday, once a year.',
    journey: {
      name: 'Birthday gift',
      trigger: { kind: 'birthday', daysBefore: 3 },
      steps: [
        { wait: 'PT0M', action: { type: 'grant_points', points: 200, reason: 'birthday gift' } },
        { wait: 'PT0M', condition: CONSENT, action: email(['Happy birthday, {{name}}!', 'Hello {{name}},\n\n200 points are our birthday gift to you.'], ['Alles Gute, {{name}}!', 'Hallo {{name}},\n\n200 Punkte sind unser Geburtstagsgeschenk für dich.']) },
      ],
    },
  },
  {
    key: 'tenth-order',
    description: 'On the 10th order: 500 points, a thank-you email, and a task for the store team to hand over a small gift.',
    journey: {
      name: '10th order',
      trigger: { kind: 'order.count', count: 10 },
      steps: [
        { wait: 'PT0M', action: { type: 'grant_points', points: 500, reason: '10th order' } },
        { wait: 'PT0M', condition: CONSENT, action: email(['Ten orders, {{name}}: thank you!', 'Hello {{name}},\n\nthat was your 10th order. 500 points are our thank-you.'], ['Zehn Bestellungen, {{name}}: danke!', 'Hallo {{name}},\n\ndas war deine 10. Bestellung. 500 Punkte sind unser Dankeschön.']) },
        { wait: 'PT0M', action: { type: 'create_task', title: 'Hand over a small gift at the next visit (10th order)', dueInDays: 14 } },
      ],
    },
  },
  {
    key: 'anniversary',
    description: 'One year after joining, regulars (3 orders or more) get 300 points, a thank-you email, and a task for the store team to congratulate them with a small gift; others leave the journey.',
    journey: {
      name: '1-year anniversary',
      trigger: { kind: 'anniversary', years: 1 },
      steps: [
        { wait: 'PT0M', condition: { all: [{ kind: 'orders_at_least', count: 3 }], onFail: 'exit' }, action: { type: 'grant_points', points: 300, reason: '1-year anniversary' } },
        { wait: 'PT0M', condition: CONSENT, action: email(['One year together, {{name}}!', 'Hello {{name}},\n\nyou joined us a year ago today. 300 points are our thank-you for being a regular.'], ['Ein Jahr zusammen, {{name}}!', 'Hallo {{name}},\n\ndu bist seit einem Jahr dabei. 300 Punkte sind unser Dankeschön, dass du so oft vorbeikommst.']) },
        { wait: 'PT0M', action: { type: 'create_task', title: 'Congratulate on one year with us and hand over a small gift at the next visit', dueInDays: 30 } },
      ],
    },
  },
  {
    key: 'win-back',
    description: 'Members at twice their usual time between orders get an email; if they still have not ordered two weeks later, a person calls.',
    journey: {
      name: 'Win-back',
      trigger: { kind: 'at_risk', minOverdue: 2 },
      steps: [
        { wait: 'PT0M', condition: CONSENT, action: email(['We miss you, {{name}}', 'Hello {{name}},\n\nit has been a while. Come back and see what is new.'], ['Wir vermissen dich, {{name}}', 'Hallo {{name}},\n\nes ist eine Weile her. Schau vorbei und sieh, was es Neues gibt.']) },
        { wait: 'P14D', condition: { all: [{ kind: 'no_order_since_entry' }], onFail: 'exit' }, action: { type: 'grant_points', points: 150, reason: 'win-back offer' } },
        { wait: 'PT0M', action: { type: 'create_task', title: 'Call the member: no order since the win-back email', dueInDays: 7 } },
      ],
    },
  },
  {
    key: 'tier-up',
    description: 'A congratulation email when a member moves up a tier.',
    journey: {
      name: 'Tier-up congratulation',
      trigger: { kind: 'tier.upgraded' },
      steps: [{ wait: 'PT0M', condition: CONSENT, action: email(['Congratulations, {{name}}!', 'Hello {{name}},\n\nyou have reached a new tier. Enjoy its benefits.'], ['Glückwunsch, {{name}}!', 'Hallo {{name}},\n\ndu hast eine neue Stufe erreicht. Viel Freude mit ihren Vorteilen.']) }],
    },
  },
];
