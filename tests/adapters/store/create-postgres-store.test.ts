import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../../adapters/store/create-postgres-store.ts';
import { POSTGRES_MIGRATIONS } from '../../../adapters/store/migrate-postgres.ts';
import { adminQuery, freshSchema, NO_POSTGRES, TEST_DATABASE_URL, type FreshSchema } from '../../fakes/fresh-postgres.ts';

describe.skipIf(!TEST_DATABASE_URL)(`createPostgresStore${TEST_DATABASE_URL ? '' : ` — ${NO_POSTGRES}`}`, () => {
  const schemas: FreshSchema[] = [];
  afterEach(async () => {
    for (const s of schemas.splice(0)) await s.drop();
  });
  const fresh = async (): Promise<FreshSchema> => {
    const s = await freshSchema();
    schemas.push(s);
    return s;
  };

  it('migrates a fresh schema once, even when three instances start at the same moment', async () => {
    const { url, schema } = await fresh();
    const stores = await Promise.all([1, 2, 3].map(() => createPostgresStore({ url, schema, poolSize: 2 })));
    const { rows } = await adminQuery(url, `SELECT version FROM ${schema}.newsbrief_schema ORDER BY version`);
    expect(rows.map((r: { version: number }) => r.version)).toEqual(POSTGRES_MIGRATIONS.map((_, i) => i + 1));
    for (const s of stores) await s.close();
    // Opening again finds nothing to do and keeps what is there.
    const again = await createPostgresStore({ url, schema });
    expect(await again.ping()).toBe(true);
    expect(await again.sizeBytes?.()).toBeGreaterThan(8192); // its tables and indexes, for /metrics
    await again.close();
    expect((await adminQuery(url, `SELECT COUNT(*)::int AS n FROM ${schema}.newsbrief_schema`)).rows[0]).toEqual({ n: POSTGRES_MIGRATIONS.length });
  });

  it('refuses a database migrated by a newer newsbrief, saying what to do', async () => {
    const { url, schema } = await fresh();
    await (await createPostgresStore({ url, schema })).close();
    await adminQuery(url, `INSERT INTO ${schema}.newsbrief_schema (version) VALUES ($1)`, [POSTGRES_MIGRATIONS.length + 1]);
    await expect(createPostgresStore({ url, schema })).rejects.toThrow(
      new RegExp(`^DATABASE_URL: the database is at schema version ${POSTGRES_MIGRATIONS.length + 1}, newer than this newsbrief knows \\(${POSTGRES_MIGRATIONS.length}\\)`),
    );
  });

  it('rolls a failing migration back whole and keeps the version where it was', async () => {
    const { url, schema } = await fresh();
    const { migratePostgres } = await import('../../../adapters/store/migrate-postgres.ts');
    const pg = (await import('pg')).default;
    const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}` });
    const client = await pool.connect();
    try {
      await expect(migratePostgres(client, ['CREATE TABLE a (id INT)', 'CREATE TABLE b (id INT); SELECT no_such_function()'])).rejects.toThrow(/no_such_function/);
      const tables = await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`, [schema]);
      expect(tables.rows.map((r: { table_name: string }) => r.table_name)).toEqual(['a', 'newsbrief_schema']);
      expect((await client.query('SELECT MAX(version) AS v FROM newsbrief_schema')).rows[0]).toEqual({ v: 1 });
    } finally {
      client.release();
      await pool.end();
    }
  });

  it('says clearly when the database cannot be reached, without the password', async () => {
    const url = new URL(TEST_DATABASE_URL ?? '');
    url.password = 'sekrit-password';
    url.pathname = '/newsbrief_no_such_database';
    const failure = createPostgresStore({ url: url.href });
    await expect(failure).rejects.toThrow(/^DATABASE_URL: cannot open the Postgres database \(.*newsbrief_no_such_database/);
    await expect(failure).rejects.not.toThrow(/sekrit/);
  });
});
