// Every forms/*.form is a Camunda 8.8 form that form-js (the library behind Tasklist and the
// Camunda Forms editor) accepts: the top-level fields the editor needs, only component types the
// viewer registers, variable keys, and — the real test — an import and a render in a form-js
// Form on a DOM (jsdom), without warnings.
import { expect } from 'chai';
import { BpmnModdle } from 'bpmn-moddle';
import { JSDOM, type JsdomElement } from 'jsdom';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { modelFiles } from './driver.js';

/**
 * The part of @bpmn-io/form-js-viewer used here. Declared, not imported: its own types bring in
 * the DOM library, which the project compiles without.
 */
interface FormJs {
  schemaVersion: number;
  formFields: unknown[];
  Form: new (options: { container: JsdomElement }) => {
    importSchema(schema: unknown, data?: unknown): Promise<{ warnings: unknown[] }>;
    destroy(): void;
  };
}
const FORM_JS = '@bpmn-io/form-js-viewer';

interface Component {
  id?: unknown;
  key?: unknown;
  type?: unknown;
  conditional?: unknown;
  components?: Component[];
}

interface FormSchema {
  id?: unknown;
  type?: unknown;
  schemaVersion?: unknown;
  executionPlatform?: unknown;
  executionPlatformVersion?: unknown;
  components?: Component[];
}

const forms = modelFiles('forms').map((file) => ({
  name: file.name,
  schema: JSON.parse(file.content.toString('utf8')) as FormSchema,
}));

const allComponents = (components: Component[] = []): Component[] =>
  components.flatMap((component) => [component, ...allComponents(component.components)]);

/** A process variable or a dot path into one (`petition.title`): what Zeebe can map to and from. */
const VARIABLE_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** The formIds the BPMN models refer to (zeebe:formDefinition), read with the Zeebe moddle. */
async function referencedFormIds(): Promise<Set<string>> {
  const moddle = new BpmnModdle({ zeebe: zeebeDescriptor });
  const ids = new Set<string>();
  for (const file of modelFiles('bpmn')) {
    const { elementsById } = await moddle.fromXML(file.content.toString('utf8'));
    for (const element of Object.values(elementsById)) {
      const values = (element as { extensionElements?: { values?: unknown[] } }).extensionElements?.values;
      for (const value of values ?? []) {
        const { $type, formId } = value as { $type?: string; formId?: unknown };
        if ($type === 'zeebe:FormDefinition' && typeof formId === 'string') ids.add(formId);
      }
    }
  }
  return ids;
}

/**
 * form-js renders into a DOM. jsdom's window properties are put on globalThis for this file only
 * (none that Node already has), and taken off again afterwards so no other test runs in a
 * pretend browser.
 */
function installDom(): { document: JSDOM['window']['document']; uninstall(): void } {
  const dom = new JSDOM('<!doctype html><html><body></body></html>', {
    pretendToBeVisual: true,
    // An origin of its own: without one, jsdom refuses localStorage.
    url: 'http://localhost/',
  });
  const target = globalThis as Record<string, unknown>;
  const source = dom.window as unknown as Record<string, unknown>;
  const added: string[] = [];
  for (const name of Object.getOwnPropertyNames(dom.window)) {
    if (name in target) continue;
    target[name] = source[name];
    added.push(name);
  }
  return {
    document: dom.window.document,
    uninstall() {
      for (const name of added) delete target[name];
      dom.window.close();
    },
  };
}

describe('forms: Camunda 8.8 forms that form-js opens and renders', () => {
  let formJs: FormJs;
  let dom: ReturnType<typeof installDom>;

  before(async () => {
    dom = installDom();
    formJs = (await import(FORM_JS)) as FormJs;
  });
  after(async () => {
    // Preact's effects run up to 100 ms after a form is gone; the DOM must still be there then.
    await new Promise((resolve) => setTimeout(resolve, 200));
    dom.uninstall();
  });

  /**
   * Imports a schema into a fresh form-js Form and, once rendered, shows the container to
   * `inspect`; resolves with the import warnings. Rejects when form-js refuses the schema.
   */
  async function render(
    schema: unknown,
    inspect: (container: JsdomElement) => void = () => {},
  ): Promise<unknown[]> {
    const container = dom.document.createElement('div');
    dom.document.body.appendChild(container);
    const form = new formJs.Form({ container });
    try {
      const { warnings } = await form.importSchema(schema, {});
      // Preact renders on the next tick.
      await new Promise((resolve) => setTimeout(resolve, 20));
      inspect(container);
      return warnings;
    } finally {
      form.destroy();
      container.remove();
    }
  }

  it('has the top-level fields the Camunda Forms editor needs, and the id the BPMN refers to', async () => {
    const referenced = await referencedFormIds();
    expect([...referenced].sort()).to.deep.equal(forms.map((form) => form.schema.id).sort());
    for (const { name, schema } of forms) {
      expect(schema.type, name).to.equal('default');
      expect(schema.id, name).to.equal(name.slice('forms/'.length, -'.form'.length));
      expect(schema.executionPlatform, name).to.equal('Camunda Cloud');
      expect(schema.executionPlatformVersion, name).to.match(/^8\.8\.\d+$/);
      // Not newer than the schema version the viewer writes, which it reads as is.
      expect(schema.schemaVersion, name).to.be.a('number').within(1, formJs.schemaVersion);
      expect(schema.components, name).to.be.an('array').that.is.not.empty;
    }
  });

  it('uses only component types form-js-viewer registers, with unique ids and keys', () => {
    // The viewer's own registry of field renderers; 'default' is the form itself.
    const registered = formJs.formFields
      .map((field) => (field as { config?: { type?: unknown } }).config?.type)
      .filter((type): type is string => typeof type === 'string' && type !== 'default');
    expect(registered).to.include.members(['textfield', 'textarea', 'radio', 'select', 'text']);
    for (const { name, schema } of forms) {
      const components = allComponents(schema.components);
      for (const component of components) {
        expect(registered, `${name}: ${String(component.id)}`).to.include(component.type);
        expect(component.id, `${name}: component id`)
          .to.be.a('string')
          .and.match(/^[A-Za-z_][\w-]*$/);
      }
      const ids = components.map((component) => component.id);
      const keys = components.flatMap((component) => (component.key === undefined ? [] : [component.key]));
      expect(new Set(ids).size, `${name}: unique ids`).to.equal(ids.length);
      expect(new Set(keys).size, `${name}: unique keys`).to.equal(keys.length);
      for (const key of keys) expect(key, `${name}: key`).to.be.a('string').and.match(VARIABLE_PATH);
    }
  });

  for (const { name, schema } of forms) {
    it(`${name} imports into a form-js Form without warnings and renders its fields`, async () => {
      const warnings = await render(schema, (container) => {
        expect(container.querySelector('form.fjs-form'), `${name}: a rendered form`).not.to.equal(null);
        // Every field that is not conditional is on screen, under its component id.
        for (const component of allComponents(schema.components)) {
          if (typeof component.key !== 'string' || component.conditional !== undefined) continue;
          const id = String(component.id);
          const field = container.querySelector(`[id$="-${id}"], [id*="-${id}-"], [name$="-${id}"]`);
          expect(field, `${name}: field ${id}`).not.to.equal(null);
        }
      });

      expect(warnings.map(String), name).to.deep.equal([]);
    });
  }

  it('would catch a form form-js refuses (the check can fail)', async () => {
    const unknownType = {
      type: 'default',
      id: 'broken',
      components: [{ type: 'signature', id: 'Field_s', key: 's' }],
    };
    const sameKey = {
      type: 'default',
      id: 'broken',
      components: [
        { type: 'textfield', id: 'Field_a', key: 'reply' },
        { type: 'textarea', id: 'Field_b', key: 'reply' },
      ],
    };
    for (const [what, schema] of [
      ['an unknown component type', unknownType],
      ['two fields bound to one variable', sameKey],
    ] as const) {
      let refused = false;
      try {
        await render(schema);
      } catch {
        refused = true;
      }
      expect(refused, what).to.equal(true);
    }
  });
});
