import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { NewsbriefError, toError } from '../../src/app/index.ts';

/** What a backup holds, counted in the copy itself. */
export interface BackupSummary {
  bytes: number;
  subscriptions: number;
}

/**
 * Copies the SQLite database at `path` to `file` with SQLite's online backup API, while the bot
 * may be writing to it: the copy is one consistent moment of the database, WAL included, in one
 * file (no -wal or -shm beside it). The copy is then opened and checked, so a backup that would
 * not restore is reported now rather than on the day it is needed. An existing `file` is refused.
 */
const ALL_PAGES = 0x7fffffff;

export async function backupSqlite(path: string, file: string): Promise<BackupSummary> {
  if (!existsSync(path)) throw new NewsbriefError('CONFIG', `DATABASE_PATH: ${path} does not exist (nothing to back up)`);
  if (existsSync(file)) throw new NewsbriefError('INVALID_INPUT', `${file} already exists; name a new file`);
  let source: Database.Database;
  try {
    // Read-only: a backup never changes the bot's database, and waits out its writes.
    source = new Database(path, { readonly: true, fileMustExist: true });
    source.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new NewsbriefError('CONFIG', `DATABASE_PATH: cannot open ${path} (${toError(error).message})`, { cause: error });
  }
  try {
    // Every remaining page in one step: SQLite restarts a stepwise backup whenever another
    // connection writes, so under a busy bot a backup of 100 pages a step may never finish. One
    // step reads one WAL snapshot and never blocks the bot's writes.
    await source.backup(file, { progress: () => ALL_PAGES });
  } catch (error) {
    throw new NewsbriefError('FETCH_FAILED', `could not write the backup to ${file} (${toError(error).message})`, { cause: error });
  } finally {
    source.close();
  }
  const copy = new Database(file, { fileMustExist: true });
  try {
    // The copy carries the source's WAL mode; as a rollback-journal database it is whole in one
    // file to move or archive (newsbrief turns WAL on again when it opens it).
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new NewsbriefError('INTERNAL', `the backup ${file} does not pass integrity_check (${String(check).slice(0, 200)})`);
    const { n } = copy.prepare('SELECT COUNT(*) AS n FROM subscriptions').get() as { n: number };
    const { bytes } = copy.prepare('SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()').get() as { bytes: number };
    return { bytes, subscriptions: n };
  } finally {
    copy.close();
  }
}
