// npm run templates: rewrites element-templates/<jobType>.json from WORKERS (workers/index.ts).
import { readdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKERS } from '../workers/index.js';
import { renderTemplates } from './build.js';

const dir = path.dirname(fileURLToPath(import.meta.url));
const files = await renderTemplates(WORKERS);
for (const name of await readdir(dir)) {
  if (name.endsWith('.json') && name !== 'tsconfig.json' && !files.has(name))
    await unlink(path.join(dir, name));
}
for (const [name, text] of files) {
  await writeFile(path.join(dir, name), text);
  console.log(`element-templates/${name}`);
}
