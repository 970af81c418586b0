// The yardstick for POST /jobs/run: a bare Fastify server doing one INSERT per request (no validation, no
// hashing, no queue), on the same PostgreSQL. Started by bench/load.ts beside the real API.
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
await pool.query(
  'CREATE TABLE IF NOT EXISTS bare_insert (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
);
const app = Fastify();
app.post('/jobs/run', async (request, reply) => {
  const { rows } = await pool.query('INSERT INTO bare_insert (payload) VALUES ($1) RETURNING id', [
    JSON.stringify(request.body),
  ]);
  return reply.code(202).send({ job_id: rows[0].id, status: 'queued' });
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.once('SIGTERM', () => void app.close().then(() => pool.end()));
