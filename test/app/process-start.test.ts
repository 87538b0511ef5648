// Process starts survive an engine that does not answer: the petition is stored, the start is
// claimed and retried by the dispatcher, and a lost answer never becomes a second process.
import { expect } from 'chai';
import { EngineDispatcher } from '../../src/app/engine/dispatcher.js';
import { listPendingStarts } from '../../src/app/engine/process-starts.js';
import { engineRestClient, SEARCH_NOW, type EngineRestClient } from '../../src/app/engine/rest.js';
import { getPetitionByNumber, registerIntake } from '../../src/domain/petitions/index.js';
import { createCamundaClient } from '../../workers/camunda-client.js';
import { freePort } from '../support/ports.js';
import {
  branded,
  idNumber,
  logger,
  petitionInput,
  signedIn,
  startAppUnderTest,
  type ApiClient,
  type AppUnderTest,
} from './support.js';

describe('process starts when the engine is unreachable', function () {
  this.timeout(30_000);
  let app: AppUnderTest;
  let intake: ApiClient;
  let live: ReturnType<typeof createCamundaClient>;
  let rest: EngineRestClient;

  /** A dispatcher on the reachable engine, its clock `aheadMs` past now (so back-offs have run out). */
  function liveDispatcher(aheadMs = 60 * 60_000): EngineDispatcher {
    return new EngineDispatcher({
      db: app.database.pool,
      engine: rest,
      logger,
      engineNow: () => Promise.resolve(Date.now()),
      clock: () => new Date(Date.now() + aheadMs),
    });
  }

  async function instancesOf(number: string): Promise<string[]> {
    const found = await rest.searchProcessInstances(
      {
        filter: {
          processDefinitionId: 'petition',
          variables: [{ name: 'petitionId', value: JSON.stringify(number) }],
        },
      },
      SEARCH_NOW,
    );
    return found.items.map((instance) => String(instance.processInstanceKey));
  }

  let sequence = 100;
  const input = (title: string) =>
    petitionInput({
      petitioner: { name: '郑十一', idNumber: idNumber('1960-06-06', sequence++), phone: '13300133000' },
      title,
    });

  before(async () => {
    const unreachable = `http://127.0.0.1:${await freePort()}`;
    app = await startAppUnderTest({
      camundaFor: (config) => createCamundaClient({ ...config, zeebeRestAddress: unreachable }),
    });
    intake = await signedIn(app, 'intake');
    live = createCamundaClient(app.config);
    rest = engineRestClient(live);
  });
  after(async () => {
    await live.closeAllClients();
    await app.close();
  });

  it('stores the petition, answers 201 with the start pending, and starts it once the engine answers', async () => {
    const answer = await intake.send<{
      petition: { number: string; processInstanceKey: string | null };
      processStart: string;
    }>('POST', '/api/petitions', input('路灯损坏半年未修'));

    expect(answer.status).to.equal(201);
    expect(answer.body.processStart).to.equal('pending');
    const { number } = answer.body.petition;
    expect(answer.body.petition.processInstanceKey).to.equal(null);
    const pending = await listPendingStarts(app.database.pool);
    expect(pending.find((p) => p.petitionNumber === number)).to.deep.include({ attempts: 1 });
    expect(pending.find((p) => p.petitionNumber === number)!.lastError).to.be.a('string');
    expect(await instancesOf(number)).to.deep.equal([]);

    // Not yet due: the back-off holds the retry.
    expect((await liveDispatcher(0).runOnce()).started).to.equal(0);

    const round = await liveDispatcher().runOnce();

    expect(round.started).to.be.at.least(1);
    const petition = (await getPetitionByNumber(app.database.pool, number))!;
    expect(petition.processInstanceKey).to.match(/^\d+$/);
    expect(await instancesOf(number)).to.deep.equal([petition.processInstanceKey]);
    expect((await liveDispatcher().runOnce()).started).to.equal(0);
    expect(await instancesOf(number)).to.have.length(1);
  });

  it('records the instance an earlier attempt started instead of starting a second one', async () => {
    const { petition } = await registerIntake(app.database.pool, app.dataKey, {
      ...input('垃圾清运不及时'),
      channel: 'online',
      registeredAt: new Date(),
      registeredBy: 'online',
    });
    // An attempt that reached the engine but whose answer was lost.
    const started = await rest.createProcessInstance({
      processDefinitionId: 'petition',
      variables: { petitionId: petition.number, title: petition.title },
    });
    await app.database.pool.query(
      `INSERT INTO app.process_starts (petition_id, attempts, next_attempt_at, created_at) VALUES ($1, 1, $2, $2)`,
      [petition.id, new Date()],
    );

    await liveDispatcher().runOnce();

    const recorded = (await getPetitionByNumber(app.database.pool, petition.number))!;
    expect(recorded.processInstanceKey).to.equal(String(started.processInstanceKey));
    expect(await instancesOf(petition.number)).to.have.length(1);
  });

  it('starts the processes of petitions registered outside the API, each once, with dispatchers side by side', async () => {
    const numbers: string[] = [];
    for (const title of ['农田灌溉渠堵塞', '小区噪音扰民', '学校门口交通拥堵']) {
      const { petition } = await registerIntake(app.database.pool, app.dataKey, {
        ...input(title),
        channel: 'letter',
        registeredAt: new Date(),
        registeredBy: 'demo-intake',
      });
      numbers.push(petition.number);
    }

    await Promise.all([liveDispatcher().runOnce(), liveDispatcher().runOnce(), liveDispatcher().runOnce()]);

    for (const number of numbers) {
      const petition = (await getPetitionByNumber(app.database.pool, number))!;
      expect(petition.processInstanceKey, number).to.match(/^\d+$/);
      expect(await instancesOf(number), number).to.deep.equal([petition.processInstanceKey]);
    }
    expect(await listPendingStarts(app.database.pool)).to.deep.equal([]);
  });

  it('keeps a repeat message the engine did not take and publishes it later', async () => {
    const first = input('征地补偿款未到位');
    const open = await intake.send<{ petition: { number: string } }>('POST', '/api/petitions', first);
    const repeat = await intake.send('POST', '/api/petitions', { ...first, channel: 'phone' });

    expect(repeat.status).to.equal(200);
    expect(repeat.body.messagePublished).to.equal(false);

    const round = await liveDispatcher().runOnce();

    expect(round).to.include({ published: 1 });
    const petition = (await getPetitionByNumber(app.database.pool, open.body.petition.number))!;
    const elements = await rest.searchElementInstances(
      {
        filter: {
          processInstanceKey: branded(petition.processInstanceKey!),
          elementId: branded('repeat-received'),
        },
      },
      SEARCH_NOW,
    );
    expect(elements.items ?? []).to.have.length(1);
  });
});
