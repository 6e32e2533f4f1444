import type { App } from '../../http/context.js';
import { problems } from '../../http/schemas.js';
import { ACCESS } from '../auth/roles.js';
import { analyticsOverview, cohortRetention } from './activity.js';
import {
  atRiskList,
  brandQuery,
  brandRepurchase,
  atRiskQuery,
  clvDistribution,
  clvDistributionQuery,
  cohortMatrix,
  cohortQuery,
  economics,
  economicsQuery,
  loyaltyDistribution,
  memberGrowth,
  memberGrowthQuery,
  memberScores,
  membersVsNonMembers,
  overview,
  overviewQuery,
  periodQuery,
  rfmQuery,
  rfmReport,
  tierDistribution,
} from './contract.js';
import { clvDistribution as computeClvDistribution, tierDistribution as computeTierDistribution } from './distributions.js';
import { brandRepurchaseReport } from './brands.js';
import { programEconomics } from './economics.js';
import { membersVsNonMembersReport } from './membership.js';
import { memberGrowth as computeMemberGrowth } from './member-growth.js';
import { withReportMemory } from './period.js';
import { atRiskMembers, rfmReport as computeRfm } from './segments.js';
import { loyaltyDistributionView, memberScoresView } from './scores.js';
import { memberIdParams } from '../../http/schemas.js';

const tags = ['analytics'];

export async function analyticsRoutes(app: App): Promise<void> {
  const { db, config, clock, rules } = app.fidelis;

  app.get('/v1/analytics/overview', {
    config: { roles: ACCESS.analyze },
    schema: {
      tags,
      summary: 'Buyers, churn, retention, repeat purchase, AOV and frequency for a period',
      description:
        'Churn = of members who bought in the previous period of the same length, the share who did not buy in this one; ' +
        'retention = 1 − churn. Repeat-purchase rate = share of buyers with two or more orders to date. ' +
        'Example: `GET /v1/analytics/overview?from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z&by=store`.',
      querystring: overviewQuery,
      response: { 200: overview, ...problems },
    },
    handler: (request) => withReportMemory(db, (tx) => analyticsOverview(tx, config, request.query, clock())),
  });

  app.get('/v1/analytics/rfm', {
    config: { roles: ACCESS.analyze },
    schema: {
      tags,
      summary: 'RFM quintile scores and named segments with counts and value',
      description:
        'Recency, frequency and monetary value scored 1–5 at the 20/40/60/80th percentiles of members who have bought; ' +
        'segments (Champions, Loyal, Potential loyalists, New, At risk, Can’t lose them, Hibernating, Lost) from the R×F grid. ' +
        'Example: `GET /v1/analytics/rfm`.',
      querystring: rfmQuery,
      response: { 200: rfmReport, ...problems },
    },
    handler: (request) => withReportMemory(db, (tx) => computeRfm(tx, config, request.query, clock())),
  });

  app.get('/v1/analytics/brands', {
    config: { roles: ACCESS.analyze },
    schema: {
      tags,
      summary: 'Brand repurchase rate: purchases of each brand per 10 purchases in its category',
      description:
        'For a period (default the last 30 days): per category, the orders that bought it and their buyers; per brand, its purchases, ' +
        'buyers, buyers who came back to it, and its purchases per 10 of the category. A purchase is an order, whatever its lines. ' +
        'Example: `GET /v1/analytics/brands?from=2026-10-01T00:00:00Z&category=coffee`.',
      querystring: brandQuery,
      response: { 200: brandRepurchase, ...problems },
    },
    handler: (request) => withReportMemory(db, (tx) => brandRepurchaseReport(tx, config, request.query, clock())),
  });

  app.get('/v1/analytics/members-vs-non-members', {
    config: { roles: ACCESS.analyze },
    schema: {
      tags,
      summary: 'Members vs non-members: share of orders and revenue, and average order value, overall and per store',
      description:
        'For a period (default the last 30 days): members’ orders against sales to customers who are not members, which arrive by ' +
        'order import with an empty `member_external_id` (a till’s whole takings, say). Revenue is order totals before refunds. ' +
        'Example: `GET /v1/analytics/members-vs-non-members?from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z`.',
      querystring: periodQuery,
      response: { 200: membersVsNonMembers, ...problems },
    },
    handler: (request) => withReportMemory(db, (tx) => membersVsNonMembersReport(tx, config, request.query, clock())),
  });

  app.get('/v1/analytics/cohorts', {
    config: { roles: ACCESS.analyze },
    schema: {
      tags,
      summary: 'Cohort retention matrix: first-purchase month × months since',
      description: 'Example: `GET /v1/analytics/cohorts?from=2026-01-01T00:00:00Z&months=6` → one row per cohort month with the share still buying in each later month.',
      querystring: cohortQuery,
      response: { 200: cohortMatrix, ...problems },
    },
    handler: (request) => withReportMemory(db, (tx) => cohortRetention(tx, config, request.query, clock())),
  });

  app.get('/v1/analytics/economics', {
    config: { roles: ACCESS.analyze },
    schema: {
      tags,
      summary: 'Program economics: points liability, breakage, redemption, cost of discounts and rewards',
      description: 'Example: `GET /v1/analytics/economics?from=2026-01-01T00:00:00Z&interval=month`.',
      querystring: economicsQuery,
      response: { 200: economics, ...problems },
    },
    handler: (request) => withReportMemory(db, (tx) => programEconomics(tx, config, request.query, clock())),
  });

  app.get('/v1/analytics/members', {
    config: { roles: ACCESS.analyze },
    schema: {
      tags,
      summary: 'Members over time: enrolled at each week’s or month’s end, joined and erased',
      description:
        'A member counts from the moment they joined (enrolled or imported) until they are erased. ' +
        'Example: `GET /v1/analytics/members?from=2026-09-01T00:00:00Z&to=2026-11-01T00:00:00Z&interval=month` → ' +
        '`{"membersAtStart": 1180, "membersAtEnd": 1240, "joined": 64, "left": 4, "trend": [{"period": "2026-09-01", "joined": 30, "left": 1, "members": 1209}, …]}`.',
      querystring: memberGrowthQuery,
      response: { 200: memberGrowth, ...problems },
    },
    handler: (request) => withReportMemory(db, (tx) => computeMemberGrowth(tx, config, request.query, clock())),
  });

  app.get('/v1/analytics/at-risk', {
    config: { roles: ACCESS.analyze },
    schema: {
      tags,
      summary: 'Members overdue against their own rhythm, ranked by yearly value at risk',
      description: 'Example: `GET /v1/analytics/at-risk?minOverdue=2&limit=20` → who to call first.',
      querystring: atRiskQuery,
      response: { 200: atRiskList, ...problems },
    },
    handler: (request) => withReportMemory(db, (tx) => atRiskMembers(tx, config, request.query, clock())),
  });

  app.get('/v1/members/:id/scores', {
    config: { roles: ACCESS.read },
    schema: {
      tags,
      summary: 'A member’s P(alive), expected purchases and CLV, true-loyalty index and buying rhythm',
      description:
        'Model scores are refreshed by the `member-scores` job (BG/NBD + Gamma-Gamma fitted on the whole base, discount rate ' +
        '`FIDELIS_CLV_DISCOUNT_RATE`); the rhythm is live. Example: `GET /v1/members/mem_…/scores`.',
      params: memberIdParams,
      response: { 200: memberScores, ...problems },
    },
    handler: (request) => memberScoresView(db, config, request.params.id, clock()),
  });

  app.get('/v1/analytics/true-loyalty', {
    config: { roles: ACCESS.analyze },
    schema: {
      tags,
      summary: 'True-loyalty index: members per band and per 10 points',
      description: 'Bands: detached (< 25), transactional (25–49), loyal (50–74), advocate (≥ 75). Example: `GET /v1/analytics/true-loyalty`.',
      response: { 200: loyaltyDistribution, ...problems },
    },
    handler: () => withReportMemory(db, (tx) => loyaltyDistributionView(tx)),
  });

  app.get('/v1/analytics/clv/distribution', {
    config: { roles: ACCESS.analyze },
    schema: {
      tags,
      summary: 'Expected CLV (next 365 days) as a histogram, and members by P(alive) band',
      description:
        'From the last run of the member-scores job; empty until it has fitted the models. ' +
        'Example: `GET /v1/analytics/clv/distribution?buckets=10` → `{"histogram": [{"from": 0, "to": 5000, "members": 412, "clv": 903112}, …], "pAliveBands": [{"band": "0–25%", …}]}`.',
      querystring: clvDistributionQuery,
      response: { 200: clvDistribution, ...problems },
    },
    handler: (request) => withReportMemory(db, (tx) => computeClvDistribution(tx, config, request.query)),
  });

  app.get('/v1/analytics/tiers', {
    config: { roles: ACCESS.analyze },
    schema: {
      tags,
      summary: 'Active members per tier, in ladder order',
      description: 'Example: `GET /v1/analytics/tiers` → `{"members": 1200, "tiers": [{"tierId": "silver", "name": "Silver", "members": 900, "share": 0.75}, …]}`; no ladder → no tiers.',
      response: { 200: tierDistribution, ...problems },
    },
    handler: async () => {
      const ladder = await rules.ladder();
      return withReportMemory(db, (tx) => computeTierDistribution(tx, ladder));
    },
  });
}
