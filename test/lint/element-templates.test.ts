import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import {
  headerEnums,
  isDefinedWorker,
  renderTemplates,
  TEMPLATE_SCHEMA,
  type ElementTemplate,
} from '../../element-templates/build.js';
import { ROOT } from '../../lint/run.js';
import { WORKERS } from '../../workers/index.js';

const DIR = path.join(ROOT, 'element-templates');

async function templateFiles(): Promise<string[]> {
  return (await readdir(DIR)).filter((name) => name.endsWith('.json') && name !== 'tsconfig.json').sort();
}

async function readTemplate(name: string): Promise<ElementTemplate> {
  return JSON.parse(await readFile(path.join(DIR, name), 'utf8')) as ElementTemplate;
}

describe('element templates', () => {
  it('has exactly one template per worker job type', async () => {
    const files = await templateFiles();
    expect(files).to.have.members(WORKERS.map((worker) => `${worker.jobType}.json`));
    const taskTypes: string[] = [];
    for (const name of files) {
      const template = await readTemplate(name);
      for (const property of template.properties) {
        if (property.binding.type === 'zeebe:taskDefinition') taskTypes.push(property.value ?? '');
      }
    }
    expect(taskTypes).to.have.members(WORKERS.map((worker) => worker.jobType));
  });

  for (const worker of WORKERS) {
    it(`${worker.jobType}.json matches the worker's spec`, async () => {
      const template = await readTemplate(`${worker.jobType}.json`);
      expect(template.$schema).to.equal(TEMPLATE_SCHEMA);
      expect(template.id).to.equal(`xinfang.${worker.jobType}`);
      expect(template.appliesTo).to.deep.equal(['bpmn:Task']);
      expect(template.elementType).to.deep.equal({ value: 'bpmn:ServiceTask' });
      expect(template.version).to.be.a('number');
      expect(template.name).to.match(/[\u4e00-\u9fff]/);
      const taskType = template.properties.find((p) => p.binding.type === 'zeebe:taskDefinition');
      expect(taskType).to.deep.include({ type: 'Hidden', value: worker.jobType });

      if (!isDefinedWorker(worker)) throw new Error(`${worker.jobType} has no spec`);
      const headers = template.properties.filter((p) => p.binding.type === 'zeebe:taskHeader');
      const enums = headerEnums(worker);
      expect(headers.map((p) => (p.binding as { key: string }).key)).to.have.members([...enums.keys()]);
      for (const header of headers) {
        const key = (header.binding as { key: string }).key;
        expect(header.type).to.equal('Dropdown');
        expect(header.choices?.map((choice) => choice.value)).to.deep.equal(enums.get(key)?.values);
        expect(enums.get(key)?.values).to.include(header.value);
      }

      const inputs = template.properties.filter((p) => p.binding.type === 'zeebe:input');
      expect(inputs.map((p) => (p.binding as { name: string }).name)).to.have.members(
        Object.keys(worker.spec.variables.shape),
      );
    });
  }

  it('is what npm run templates generates from the workers (no stale file)', async () => {
    for (const [name, text] of await renderTemplates(WORKERS)) {
      expect(await readFile(path.join(DIR, name), 'utf8'), name).to.equal(text);
    }
  });
});
