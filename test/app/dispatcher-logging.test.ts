// The dispatcher's log lines name the petition and its process instance, so an operator can
// follow one petition from its registration into the engine.
import { expect } from 'chai';
import { EngineDispatcher } from '../../src/app/engine/dispatcher.js';
import type { EngineRestClient } from '../../src/app/engine/rest.js';
import { DataKey } from '../../src/domain/petitioners/index.js';
import { registerIntake, type Petition } from '../../src/domain/petitions/index.js';
import { seedReference } from '../../src/domain/seed/index.js';
import { createLogger } from '../../src/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

type LogLine = Record<string, unknown> & { msg: string };

const INSTANCE_KEY = '2251799813690001';

describe('engine dispatcher: log lines', () => {
  let database: TestDatabase;
  let petition: Petition;
  let lines: LogLine[];
  let engineDown: boolean;
  let dispatcher: EngineDispatcher;

  before(async () => {
    database = await createTestDatabase();
    await seedReference(database.pool);
    ({ petition } = await registerIntake(
      database.pool,
      DataKey.fromSecret('a test secret for the dispatcher log tests'),
      {
        petitioner: { name: '王秀英', idNumber: '11010519491231002X', phone: '13800138000' },
        channel: 'visit',
        title: '小区楼顶漏水长期未修',
        content: '反映小区楼顶漏水问题，物业多次推诿。',
        category: 'housing-security',
        area: 'xicheng',
        registeredAt: new Date(),
        registeredBy: 'demo-intake',
      },
    ));
    lines = [];
    // Only the calls the dispatcher makes; the engine itself is not what is tested here.
    const engine = {
      createProcessInstance: () => Promise.resolve({ processInstanceKey: INSTANCE_KEY }),
      publishMessage: () =>
        engineDown ? Promise.reject(new Error('connect ECONNREFUSED')) : Promise.resolve({}),
    } as unknown as EngineRestClient;
    dispatcher = new EngineDispatcher({
      db: database.pool,
      engine,
      logger: createLogger(
        { logLevel: 'debug' },
        { write: (text: string) => void lines.push(JSON.parse(text) as LogLine) },
      ),
      engineNow: () => Promise.resolve(Date.now()),
    });
  });
  after(() => database.drop());
  beforeEach(() => {
    lines.splice(0);
    engineDown = false;
  });

  it('logs a started process with the petition number and the process instance key', async () => {
    const outcome = await dispatcher.startPetition(petition.id, 'intake');

    expect(outcome.status).to.equal('started');
    expect(lines.find((line) => line.msg === 'petition process started')).to.include({
      petitionNumber: petition.number,
      processInstanceKey: INSTANCE_KEY,
    });
  });

  it('logs a published message, and one it must retry, with the petition and its process', async () => {
    const message = (id: string) => ({
      name: 'petition-repeated',
      correlationKey: petition.number,
      variables: { repeatCount: 1 },
      messageId: id,
      petitionId: petition.id,
    });
    expect(await dispatcher.publish(message('repeat-1'))).to.equal(true);
    engineDown = true;
    expect(await dispatcher.publish(message('repeat-2'))).to.equal(false);

    const expected = { petitionNumber: petition.number, processInstanceKey: INSTANCE_KEY };
    expect(lines.find((line) => line.msg === 'message published')).to.include({
      ...expected,
      messageId: 'repeat-1',
    });
    expect(lines.find((line) => line.msg === 'could not publish a message; will retry')).to.include({
      ...expected,
      messageId: 'repeat-2',
      attempts: 1,
    });
  });
});
