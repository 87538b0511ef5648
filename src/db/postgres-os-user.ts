// PostgreSQL refuses to run as root. When we are root (containers, CI), the server runs as the
// `postgres` OS user, which is created when missing and must own and reach its data directory.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const OS_USER = 'postgres';

export interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

export function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/** The user to run PostgreSQL as, or undefined to run it as ourselves. */
export async function postgresOsUser(): Promise<OsUser | undefined> {
  if (!runningAsRoot()) return undefined;
  const existing = await lookupUser(OS_USER);
  if (existing !== undefined) return existing;
  try {
    await run('groupadd', ['--system', OS_USER]).catch((error: unknown) => {
      // exit status 9: the group exists already
      if ((error as { code?: unknown }).code !== 9) throw error;
    });
    await run('useradd', [
      '--system',
      '--gid',
      OS_USER,
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      OS_USER,
    ]);
  } catch (error: unknown) {
    throw new Error(`Running as root, and could not create the '${OS_USER}' OS user for PostgreSQL`, {
      cause: error,
    });
  }
  const created = await lookupUser(OS_USER);
  if (created === undefined) throw new Error(`The '${OS_USER}' OS user was created but cannot be found`);
  return created;
}

async function lookupUser(name: string): Promise<OsUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { name, uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  } catch {
    return undefined;
  }
}

/** Fails clearly when a directory above `dir` blocks the user from reaching it. */
export async function assertReachable(dir: string, user: OsUser): Promise<void> {
  let current = path.dirname(path.resolve(dir));
  for (;;) {
    const stat = await fs.stat(current);
    const searchBit = stat.uid === user.uid ? 0o100 : stat.gid === user.gid ? 0o010 : 0o001;
    if ((stat.mode & searchBit) === 0) {
      throw new Error(
        `The '${user.name}' OS user that runs PostgreSQL cannot reach ${dir}: ${current} ` +
          `(mode ${(stat.mode & 0o777).toString(8)}) is closed to it. ` +
          `Choose a DATA_DIR outside ${current}, or allow it with: chmod o+x ${current}`,
      );
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

/** Gives `dir` and everything in it to the user (for example after a restore made by root). */
export async function chownTree(dir: string, user: OsUser): Promise<void> {
  await fs.lchown(dir, user.uid, user.gid);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const entryPath = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(entryPath, user);
    else await fs.lchown(entryPath, user.uid, user.gid);
  }
}
