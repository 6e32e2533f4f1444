// The program editor: earning rules with dry run and backtest, and the program's other objects.
// Loaded on demand (React.lazy) from the admin dashboard, so neither the wallet nor the admin's
// first page carries it.
import type { ApiClient } from '../../api/client.ts';
import { Link, matchPath, usePath } from '../../router.tsx';
import { couponsSpec, drawsSpec, referralsSpec, rewardsSpec, tiersSpec } from './catalog-specs.tsx';
import { DocumentScreen } from './document-screen.tsx';
import { apiKeysSpec, journeysSpec, segmentsSpec, surveysSpec, webhooksSpec } from './engagement-specs.tsx';
import './program.css';
import { ResourceScreen } from './resource-screen.tsx';
import { RuleEditor } from './rule-editor.tsx';
import { RulesList } from './rules-list.tsx';

const SECTIONS = [
  ['rules', 'Earning rules'],
  ['tiers', 'Tiers'],
  ['rewards', 'Rewards'],
  ['coupons', 'Coupons'],
  ['draws', 'Draws'],
  ['referrals', 'Referrals'],
  ['surveys', 'Surveys'],
  ['journeys', 'Journeys'],
  ['segments', 'Segments'],
  ['webhooks', 'Webhooks'],
  ['api-keys', 'API keys'],
] as const;

function Section({ client, path }: { client: ApiClient; path: string }) {
  const rule = matchPath('/admin/program/rules/:id', path);
  if (rule) return <RuleEditor client={client} id={rule.id === 'new' ? null : rule.id!} />;
  switch (path.split('/')[3] ?? 'rules') {
    case 'tiers':
      return <DocumentScreen spec={tiersSpec} client={client} />;
    case 'referrals':
      return <DocumentScreen spec={referralsSpec} client={client} />;
    case 'rewards':
      return <ResourceScreen spec={rewardsSpec} client={client} />;
    case 'coupons':
      return <ResourceScreen spec={couponsSpec} client={client} />;
    case 'draws':
      return <ResourceScreen spec={drawsSpec} client={client} />;
    case 'surveys':
      return <ResourceScreen spec={surveysSpec} client={client} />;
    case 'journeys':
      return <ResourceScreen spec={journeysSpec} client={client} />;
    case 'segments':
      return <ResourceScreen spec={segmentsSpec} client={client} />;
    case 'webhooks':
      return <ResourceScreen spec={webhooksSpec} client={client} />;
    case 'api-keys':
      return <ResourceScreen spec={apiKeysSpec} client={client} />;
    default:
      return <RulesList client={client} />;
  }
}

export default function ProgramApp({ client }: { client: ApiClient }) {
  const path = usePath().replace(/\/$/, '');
  const section = path.split('/')[3] ?? 'rules';
  return (
    <div className="program">
      <nav aria-label="Program" className="program-nav">
        {SECTIONS.map(([slug, label]) => (
          <Link key={slug} to={`/admin/program/${slug}`} aria-current={section === slug ? 'page' : undefined}>
            {label}
          </Link>
        ))}
      </nav>
      <div className="program-page">
        {/* A new section starts with fresh state (no editor left open from the previous one). */}
        <Section key={section} client={client} path={path} />
      </div>
    </div>
  );
}
