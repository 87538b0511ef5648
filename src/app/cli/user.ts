// `npm run user -- add <username> --role <role> [--role <role> …] [--unit <code>] [--name <姓名>]`:
// creates a user. The password comes from standard input (first line) when it is piped, or is
// asked for twice without echo at a terminal; it is never a command-line argument, so it stays out
// of the shell history and the process list.
import { parseArgs } from 'node:util';
import { DomainError } from '../../domain/errors.js';
import { seedReference } from '../../domain/seed/index.js';
import { createUser, ROLES } from '../../domain/users/index.js';
import { runCli } from './run-cli.js';

const USAGE = `用法：npm run user -- add <用户名> --role <角色> [--role <角色> …] [--unit <单位代码>] [--name <姓名>]

  角色：${ROLES.join(', ')}
  密码从标准输入读取（第一行），在终端中运行时会提示输入两次（不回显）。`;

class UsageError extends Error {}

function parseCommand(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: 'string', multiple: true, default: [] },
      unit: { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return undefined;
  const [command, username, ...rest] = positionals;
  if (command !== 'add' || username === undefined || rest.length > 0) throw new UsageError('命令不完整');
  if (values.role.length === 0) throw new UsageError('至少需要一个 --role');
  return {
    username,
    roles: values.role,
    unitCode: values.unit ?? null,
    displayName: values.name ?? username,
  };
}

async function readPipedLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trimEnd();
}

/** Reads a line at the terminal without showing what is typed. */
function promptHidden(question: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(question);
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (character === '\u0003' || character === '\u0004') {
          finish();
          reject(new UsageError('已取消'));
          return;
        }
        if (character === '\u007f' || character === '\b') value = value.slice(0, -1);
        else value += character;
      }
    };
    input.on('data', onData);
  });
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readPipedLine();
  const first = await promptHidden('密码：');
  const second = await promptHidden('再次输入密码：');
  if (first !== second) throw new UsageError('两次输入的密码不一致');
  return first;
}

process.exitCode = await runCli({
  component: 'user-cli',
  usage: USAGE,
  parse: parseCommand,
  ask: readPassword,
  run: async (pool, command, password) => {
    await seedReference(pool); // the unit codes a user may name
    const user = await createUser(pool, { ...command, password }, new Date());
    console.log(
      `已创建用户 ${user.username}（${user.displayName}），角色：${user.roles.join(', ')}${user.unitCode === null ? '' : `，单位：${user.unitCode}`}`,
    );
  },
  refusal: (error) => (error instanceof DomainError ? error.message : undefined),
  failure: 'could not create the user',
});
