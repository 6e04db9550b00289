// What the benchmarks print about the PostgreSQL server they ran against.
import pg from 'pg';

/** "PostgreSQL 15.18", or "no PostgreSQL" when the run had none. */
export async function postgresVersion(url: string | undefined, used: boolean): Promise<string> {
  if (!url || !used) return 'no PostgreSQL';
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ v: string }>("select current_setting('server_version') as v");
    return `PostgreSQL ${r.rows[0]!.v.split(' ')[0]}`;
  } finally {
    await client.end();
  }
}
