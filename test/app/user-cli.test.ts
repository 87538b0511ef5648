// `npm run user -- add …` as a real process against a test database.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { authenticate } from '../../src/domain/users/index.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

async function runCli(database: TestDatabase, args: string[], stdin: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/cli/user.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(stdin);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('user administration command', function () {
  this.timeout(60_000);
  let database: TestDatabase;

  before(async () => (database = await createTestDatabase()));
  after(() => database.drop());

  it('adds a user with the password read from standard input', async () => {
    const result = await runCli(
      database,
      ['add', 'li.si', '--role', 'unit_handler', '--unit', 'education', '--name', '李四'],
      'a long enough password\n',
    );

    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.contain('已创建用户 li.si（李四）');
    expect(result.stdout).not.to.contain('a long enough password');
    const user = await authenticate(database.pool, 'li.si', 'a long enough password');
    expect(user).to.include({ displayName: '李四', unitCode: 'education' });
    expect(user!.roles).to.deep.equal(['unit_handler']);
  });

  it('refuses an unknown role with a message and exit code 2', async () => {
    const result = await runCli(database, ['add', 'wang', '--role', 'mayor'], 'another password\n');

    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('未知的角色：mayor');
  });

  it('shows the usage when the command is incomplete', async () => {
    const result = await runCli(database, ['add'], '');

    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('用法：npm run user -- add');
  });
});
