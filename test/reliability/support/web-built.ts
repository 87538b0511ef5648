// Global setup of the slow reliability suite. The system it starts (`src/main.ts`, as `npm start`)
// builds the web app before it listens when dist/web is missing or older than its sources, which
// takes about a minute on two cores: built here once, so that no test's wait for the system to
// be ready (after a restart, too) pays for it, and so that the suite also runs on a fresh clone.
import { pino } from 'pino';
import { ensureWebBuilt } from '../../../src/app/web/build.js';

export async function mochaGlobalSetup(): Promise<void> {
  await ensureWebBuilt(pino({ level: 'info' }));
}
