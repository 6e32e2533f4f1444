import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { submitResponse } from '../modules/feedback/responses.js';
import { createSurvey } from '../modules/feedback/surveys.js';
import { ordersOccurredBetween } from '../modules/orders/queries.js';
import { seededRandom } from './generate.js';

const DAY = 86_400_000;
const QUIET_DAYS = 60;

const t = (en: string, he: string, ru: string, lv: string, ka: string) => ({ en, he, ru, lv, ka });

/**
 * A post-visit survey answered by a share of buyers a day after their order (at most once per two
 * months each), through the real service: NPS, a cashier rating, now and then a comment. Most
 * answers are content, a fifth are detractors, and each of those opened a follow-up.
 */
export async function seedDemoFeedback(db: Database, config: Config, now: Date): Promise<{ responses: number }> {
  const random = seededRandom(5150);
  const survey = await createSurvey(
    db,
    {
      name: 'After your visit',
      defaultLocale: 'en',
      trigger: { type: 'after_order', delayHours: 24 },
      invitationTtlDays: 14,
      active: true,
      questions: [
        {
          id: 'nps',
          type: 'nps',
          required: true,
          text: t('How likely are you to recommend us to a friend?', 'עד כמה סביר שתמליצו עלינו לחבר?', 'Насколько вероятно, что вы порекомендуете нас другу?', 'Cik ticams, ka jūs mūs ieteiktu draugam?', 'რამდენად სავარაუდოა, რომ გაგვიწევთ რეკომენდაციას მეგობართან?'),
        },
        { id: 'cashier', type: 'rating', subject: 'staff', required: false, text: t('How was the person who served you?', 'איך היה מי ששירת אתכם?', 'Как вас обслужили?', 'Kā jūs apkalpoja?', 'როგორ მოგემსახურნენ?') },
        { id: 'why', type: 'text', maxLength: 2000, required: false, text: t('What could we do better?', 'מה נוכל לשפר?', 'Что мы могли бы улучшить?', 'Ko mēs varētu darīt labāk?', 'რა შეგვიძლია გავაუმჯობესოთ?') },
      ],
    },
    new Date(now.getTime() - 800 * DAY),
  );
  const orders = await ordersOccurredBetween(db, new Date(now.getTime() - 800 * DAY), new Date(now.getTime() - DAY), 1_000_000);
  const lastAsked = new Map<string, number>();
  const comments = ['Queue was too long at lunchtime', 'Lovely staff, great flat white', 'Croissants were stale', 'Please bring back oat milk', 'Always friendly, thank you'];
  let responses = 0;
  const picked = orders.filter(() => random() < 0.18);
  for (let i = 0; i < picked.length; i += 200) {
    await db.transaction(async (tx) => {
      for (const order of picked.slice(i, i + 200)) {
        const [row] = await tx.query<{ occurred_at: Date }>('select occurred_at from orders where id = $1', [order.orderId]);
        const at = row!.occurred_at.getTime() + DAY;
        if (at > now.getTime() || at - (lastAsked.get(order.memberId) ?? -Infinity) < QUIET_DAYS * DAY) continue;
        lastAsked.set(order.memberId, at);
        const roll = random();
        const nps = roll < 0.2 ? Math.floor(random() * 7) : roll < 0.55 ? 7 + Math.floor(random() * 2) : 9 + Math.floor(random() * 2);
        const answers: { questionId: string; value: number | string }[] = [{ questionId: 'nps', value: nps }];
        if (random() < 0.6) answers.push({ questionId: 'cashier', value: Math.max(1, Math.min(5, Math.round(nps / 2) + (random() < 0.3 ? -1 : 0))) });
        if (random() < 0.25) answers.push({ questionId: 'why', value: comments[Math.floor(random() * comments.length)]! });
        await submitResponse(tx, config, { surveyId: survey.id, memberId: order.memberId, orderId: order.orderId, channel: 'email', submittedAt: new Date(at).toISOString(), answers }, new Date(at));
        responses += 1;
      }
    });
  }
  return { responses };
}
