// The bare stack's ceiling for the balance read: plain Fastify 5 and a `pg` Pool running the balance
// statement as one prepared query, with no auth, hooks, logging, metrics or schema. What it serves on
// this machine is the most any Node API over this database can expect, so bench/run.ts reports
// Fidelis' balance read against it as well as against pgbench -S.
// Run as its own process (like the real server): `node --import tsx bench/ceiling-server.ts <url> <port> <pool>`.
import Fastify from 'fastify';
import pg from 'pg';

const [url, port, poolSize] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, max: Number(poolSize) });
const BALANCE = `select json_build_array(a.available, a.pending, a.debt, a.lifetime_earned, a.lifetime_spent, a.lifetime_expired,
    a.lifetime_clawed_back, a.lifetime_adjusted,
    (select json_agg(json_build_array(l.id, l.status, l.remaining,
       ceil(extract(epoch from l.available_at) * 1000)::int8, ceil(extract(epoch from l.expires_at) * 1000)::int8))
     from point_lots l where l.member_id = a.member_id and l.status in ('pending', 'available') and l.remaining > 0)) as b
  from accounts a where a.member_id = $1`;

const app = Fastify({ logger: false });
app.get<{ Params: { id: string } }>('/v1/members/:id/balance', async (request, reply) => {
  const { rows } = await pool.query<{ b: unknown[] }>({ name: 'balance', text: BALANCE, values: [request.params.id] });
  if (rows.length === 0) return reply.status(404).send({ code: 'account_not_found' });
  return { memberId: request.params.id, figures: rows[0]!.b, asOf: new Date().toISOString() };
});
await app.listen({ port: Number(port), host: '127.0.0.1' });
console.log('listening');
process.once('SIGTERM', () => void app.close().then(() => pool.end()).then(() => process.exit(0)));
