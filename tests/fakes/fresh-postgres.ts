import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The Postgres the tests may use (`.ci/run` sets it), or null: those tests then skip, saying why. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? null;

/** Why a Postgres test did not run, for its name. */
export const NO_POSTGRES = 'skipped: set TEST_DATABASE_URL=postgres://… to run it against Postgres (.ci/run does)';

/** A schema made for one test run in the test database, and the way to drop it afterwards. */
export interface FreshSchema {
  url: string;
  schema: string;
  drop(): Promise<void>;
}

/** Creates a schema no other run uses; `drop` removes it with everything in it. */
export async function freshSchema(url = TEST_DATABASE_URL): Promise<FreshSchema> {
  if (!url) throw new Error(NO_POSTGRES);
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `CREATE SCHEMA ${schema}`);
  return { url, schema, drop: async () => void (await adminQuery(url, `DROP SCHEMA IF EXISTS ${schema} CASCADE`)) };
}

/** A database made for one test run (processes get it as DATABASE_URL), dropped afterwards. */
export async function freshDatabase(url = TEST_DATABASE_URL): Promise<{ url: string; drop(): Promise<void> }> {
  if (!url) throw new Error(NO_POSTGRES);
  const name = `newsbrief_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `CREATE DATABASE ${name}`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  return { url: own.href, drop: async () => void (await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)) };
}

/** Runs one statement on its own connection. */
export async function adminQuery(url: string, text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}
