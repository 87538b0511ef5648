// The one PostgreSQL server of a test run, shared between the root hooks that start it and the
// test files that create their databases on it. Its superuser URL travels in an environment
// variable so that worker processes (mocha --parallel) find it too.

export const SERVER_URL_VARIABLE = 'XF_TEST_SERVER_URL';
export const TEMPLATE_DATABASE = 'xf_template';

export function testServerUrl(): string {
  const url = process.env[SERVER_URL_VARIABLE];
  if (url === undefined) {
    throw new Error(
      `No test PostgreSQL server: ${SERVER_URL_VARIABLE} is unset. Run tests through mocha with ` +
        'the root hooks of .mocharc.json (test/support/root-hooks.ts).',
    );
  }
  return url;
}
