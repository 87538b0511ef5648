// Child process for the data-directory lock tests: takes the lock on argv[2], says "locked",
// then holds it until killed.
import { acquireDataDirLock } from '../../src/db/data-dir-lock.js';

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: hold-data-dir-lock.ts <data-dir>');
await acquireDataDirLock(dataDir);
process.stdout.write('locked\n');
setInterval(() => undefined, 60_000);
