// `npm start` serves the web app from dist/web, building it first when it is missing or older
// than its sources, so that a fresh clone runs with `npm install && npm start`.
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';

export const WEB_SOURCE_DIR = fileURLToPath(new URL('../../web/', import.meta.url));
export const WEB_DIST_DIR = fileURLToPath(new URL('../../../dist/web/', import.meta.url));
const LOCKFILE = fileURLToPath(new URL('../../../package-lock.json', import.meta.url));

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const changed = entry.isDirectory() ? newestChange(full) : statSync(full).mtimeMs;
    newest = Math.max(newest, changed);
  }
  return newest;
}

/** Why the built app must be (re)built, or undefined when it is up to date. */
export function staleReason(sourceDir = WEB_SOURCE_DIR, distDir = WEB_DIST_DIR): string | undefined {
  const index = path.join(distDir, 'index.html');
  if (!existsSync(index)) return 'not built yet';
  const builtAt = statSync(index).mtimeMs;
  if (newestChange(sourceDir) > builtAt) return 'sources changed since the last build';
  if (existsSync(LOCKFILE) && statSync(LOCKFILE).mtimeMs > builtAt) return 'dependencies changed';
  return undefined;
}

/** Builds the web app with Vite when it is stale; answers the folder to serve. */
export async function ensureWebBuilt(logger: Logger): Promise<string> {
  const reason = staleReason();
  if (reason === undefined) return WEB_DIST_DIR;
  logger.info({ reason }, 'building the web app');
  const started = Date.now();
  const { build } = await import('vite');
  // Built beside the served folder and swapped in, so a server (or a test) still serving the old
  // build never finds its folder emptied half-way.
  const staging = `${WEB_DIST_DIR.replace(/\/$/, '')}.building-${process.pid}`;
  const retired = `${WEB_DIST_DIR.replace(/\/$/, '')}.old-${process.pid}`;
  try {
    await build({
      configFile: path.join(WEB_SOURCE_DIR, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: staging, emptyOutDir: true },
    });
    if (existsSync(WEB_DIST_DIR)) renameSync(WEB_DIST_DIR, retired);
    renameSync(staging, WEB_DIST_DIR);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(retired, { recursive: true, force: true });
  }
  logger.info({ seconds: Math.round((Date.now() - started) / 1000) }, 'web app built');
  return WEB_DIST_DIR;
}
