// What the benchmarks print about the PostgreSQL server they ran against.
import pg from 'pg';

/** The settings that change how much a write-heavy run costs the server (its buffers and its checkpoints). */
const SETTINGS = ['shared_buffers', 'max_wal_size', 'checkpoint_timeout'];

/**
 * "PostgreSQL 15.18 (shared_buffers 128MB, max_wal_size 1GB, checkpoint_timeout 5min)", or
 * "no PostgreSQL" when the run had none.
 */
export async function postgresVersion(url: string | undefined, used: boolean): Promise<string> {
  if (!url || !used) return 'no PostgreSQL';
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ v: string }>("select current_setting('server_version') as v");
    const settings = await client.query<{ name: string; value: string }>(
      'select name, current_setting(name) as value from unnest($1::text[]) as name',
      [SETTINGS],
    );
    return `PostgreSQL ${r.rows[0]!.v.split(' ')[0]} (${settings.rows.map((s) => `${s.name} ${s.value}`).join(', ')})`;
  } finally {
    await client.end();
  }
}
