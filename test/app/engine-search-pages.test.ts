// Engine searches read to the end: the variables of many instances span several engine pages
// (at most 1,000 items each), and every instance's values still arrive.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { SEARCH_PAGE_LIMIT } from '../../src/app/engine/rest.js';
import { instanceVariables } from '../../src/app/tasks/engine-tasks.js';
import { startAppUnderTest, type AppUnderTest } from './support.js';

/** Two variables each: more than one page of variables, but not of instances. */
const INSTANCES = Math.ceil(SEARCH_PAGE_LIMIT / 2) + 50;

describe('engine searches over several pages', function () {
  this.timeout(120_000);
  let app: AppUnderTest;

  before(async () => {
    app = await startAppUnderTest({ deploy: false });
  });
  after(async () => {
    await app?.close();
  });

  it('answers the named variables of every instance', async () => {
    const engine = app.engine.engine;
    const xml = readFileSync(new URL('../fixtures/bpmn/timer-catch.bpmn', import.meta.url));
    await engine.deployResources([{ name: 'timer-catch.bpmn', content: xml }]);
    const keys: string[] = [];
    for (let i = 0; i < INSTANCES; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, INSTANCES - i) }, (_, j) =>
          engine.createProcessInstance({
            bpmnProcessId: 'timer-catch',
            variables: {
              petitionId: `XF-2026-${String(i + j).padStart(7, '0')}`,
              leadUnit: 'housing',
              other: 1,
            },
          }),
        ),
      );
      keys.push(...batch.map((created) => created.processInstanceKey));
    }

    const values = await instanceVariables(app.api, keys, ['petitionId', 'leadUnit']);

    expect(values.size).to.equal(INSTANCES);
    keys.forEach((key, i) => {
      expect(values.get(key), key).to.deep.equal({
        petitionId: `XF-2026-${String(i).padStart(7, '0')}`,
        leadUnit: 'housing',
      });
    });
  });
});
