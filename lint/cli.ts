// npm run lint:models [files…]: lints bpmn/*.bpmn (or the files given) and prints the report;
// exits 1 when there is an error.
import path from 'node:path';
import { formatReport, hasErrors, lintModels, modelsIn, ROOT } from './run.js';

const args = process.argv.slice(2);
const files = args.length > 0 ? args : await modelsIn(path.join(ROOT, 'bpmn'));
const reports = await lintModels(files);
console.log(formatReport(reports, files.length));
process.exitCode = hasErrors(reports) ? 1 : 0;
