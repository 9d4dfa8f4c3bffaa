import type { Store } from '../../src/app/index.ts';
import { createPostgresStore } from './create-postgres-store.ts';
import { createSqliteStore } from './create-sqlite-store.ts';
import { toAsyncStore } from './to-async-store.ts';

/**
 * Opens the store the configuration names: Postgres when `DATABASE_URL` is set (several
 * instances can share it), else the SQLite file at `DATABASE_PATH` (the default: one process).
 */
export async function openStore(config: { DATABASE_URL?: string | undefined; DATABASE_PATH: string; SQLITE_SYNC: 'normal' | 'full' }): Promise<Store> {
  if (config.DATABASE_URL) return createPostgresStore({ url: config.DATABASE_URL });
  return toAsyncStore(createSqliteStore(config.DATABASE_PATH, { synchronous: config.SQLITE_SYNC }));
}
