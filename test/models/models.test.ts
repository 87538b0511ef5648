import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../engine/harness.js';
import { modelFiles } from './driver.js';

// From docs/lifecycle.md.
const JOB_TYPES = [
  'route-petition',
  'compute-deadlines',
  'notify-petitioner',
  'remind-unit',
  'issue-letter',
  'update-petition',
  'close-petition',
];
const GROUPS = ['office', 'office-review', 'unit:', 'unit-head:', 'discipline', 'supervision', 'recheck'];
const FORM_IDS = [
  'petition-triage',
  'discipline-check',
  'petition-acceptance',
  'petition-handling',
  'co-handling',
  'approve-extension',
  'reply-review',
  'return-visit',
  'supervisor-decision',
  'recheck-review',
  'recheck-re-review',
];

interface Component {
  id?: string;
  key?: string;
  type: string;
  components?: Component[];
}

const bpmn = modelFiles('bpmn').map((file) => ({ name: file.name, xml: file.content.toString('utf8') }));
const forms = modelFiles('forms').map((file) => ({ name: file.name, text: file.content.toString('utf8') }));
const attributes = (name: string) =>
  bpmn.flatMap(({ xml }) => [...xml.matchAll(new RegExp(` ${name}="([^"]*)"`, 'g'))].map((m) => m[1]!));
const allComponents = (components: Component[]): Component[] =>
  components.flatMap((component) => [component, ...allComponents(component.components ?? [])]);

describe('models: bpmn/ and forms/', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.close());

  it('deploys every model and form to the engine', async () => {
    const result = await t.engine.deployResources([...modelFiles('forms'), ...modelFiles('bpmn')]);
    expect(result.processes.map((p) => p.bpmnProcessId).sort()).to.deep.equal([
      'petition',
      'petition-recheck',
    ]);
    expect(result.forms.map((f) => f.formId).sort()).to.deep.equal([...FORM_IDS].sort());
  });

  it('declares the Camunda 8.8 execution platform and a diagram in every model', () => {
    for (const { name, xml } of bpmn) {
      expect(xml, name).to.include('modeler:executionPlatform="Camunda Cloud"');
      expect(xml, name).to.include('modeler:executionPlatformVersion="8.8.0"');
      expect(xml, name).to.include('<bpmndi:BPMNPlane');
    }
  });

  it('refers only to forms that exist, and every form is used', () => {
    const referenced = new Set(attributes('formId'));
    expect([...referenced].sort()).to.deep.equal([...FORM_IDS].sort());
  });

  it('uses only the job types and candidate groups of the lifecycle contract', () => {
    const types = attributes('type');
    expect(types).to.not.be.empty;
    for (const type of types) expect(JOB_TYPES, type).to.include(type);
    for (const groups of attributes('candidateGroups')) {
      const literals = groups.startsWith('=')
        ? [...groups.matchAll(/&quot;([^&]*)&quot;/g)].map((m) => m[1]!)
        : [groups];
      for (const group of literals) expect(GROUPS, group).to.include(group);
    }
  });

  it('has forms that are form-js schemas named by their id, with unique component ids and keys', () => {
    expect(forms.map((f) => f.name).sort()).to.deep.equal(FORM_IDS.map((id) => `forms/${id}.form`).sort());
    for (const { name, text } of forms) {
      const form = JSON.parse(text) as {
        id: unknown;
        schemaVersion: unknown;
        type: unknown;
        components: Component[];
      };
      expect(form.id, name).to.equal(name.slice('forms/'.length, -'.form'.length));
      expect(form.type, name).to.equal('default');
      expect(form.schemaVersion, name).to.be.a('number').and.at.least(16);
      expect(form.components, name).to.be.an('array').that.is.not.empty;
      const components = allComponents(form.components);
      const ids = components.map((c) => c.id);
      const keys = components.flatMap((c) => (c.key === undefined ? [] : [c.key]));
      expect(
        ids.every((id) => typeof id === 'string'),
        `${name}: component ids`,
      ).to.equal(true);
      expect(new Set(ids).size, `${name}: unique ids`).to.equal(ids.length);
      expect(new Set(keys).size, `${name}: unique keys`).to.equal(keys.length);
      expect(keys, `${name}: keyed input fields`).to.not.be.empty;
    }
  });
});
