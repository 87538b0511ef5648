// npm run deploy: lints bpmn/ and, when it passes, deploys forms/ and bpmn/ to the engine the
// environment configures (ENGINE=embedded: the local engine's ports; ENGINE=external: a cluster).
import { ConfigError, loadConfig } from '../config/index.js';
import { deployAll } from './deploy.js';

/** The error's message and the distinct messages of its causes ("fetch failed: connect ECONNREFUSED…"). */
function describe(error: unknown): string {
  const messages: string[] = [];
  for (let current: unknown = error; current !== undefined;) {
    const message = current instanceof Error ? current.message : JSON.stringify(current);
    if (!messages.includes(message)) messages.push(message);
    current = current instanceof Error ? current.cause : undefined;
  }
  return messages.join(': ');
}

let target = 'the engine';
try {
  const config = loadConfig();
  target = config.zeebeRestAddress;
  const result = await deployAll({ config });
  process.exitCode = result.deployed ? 0 : 1;
} catch (error: unknown) {
  if (error instanceof ConfigError) {
    console.error(`configuration: ${error.message}`);
  } else {
    console.error(`deployment to ${target} failed: ${describe(error)}`);
  }
  process.exitCode = 1;
}
