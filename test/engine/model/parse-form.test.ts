import { expect } from 'chai';
import { EngineError } from '../../../src/engine/errors.js';
import { parseForm } from '../../../src/engine/model/parse-form.js';
import { readFixture } from './support.js';

function rejection(content: string): EngineError {
  try {
    parseForm(content, 'broken.form');
  } catch (thrown: unknown) {
    expect(thrown).to.be.instanceOf(EngineError);
    return thrown as EngineError;
  }
  return expect.fail('expected the form to be rejected');
}

describe('parseForm', () => {
  it('reads the formId and keeps the whole schema', async () => {
    const content = await readFixture('forms/approval-form.form');
    const form = parseForm(content, 'approval-form.form');
    expect(form.formId).to.equal('approval-form');
    expect(form.schema).to.deep.equal(JSON.parse(content));
    expect(form.schema['components']).to.have.length(4);
  });

  for (const [what, content, message] of [
    ['text that is not JSON', '{ "id": ', /not valid JSON/],
    ['JSON that is not an object', '[1, 2]', /must be a JSON object/],
    ['a form without an id', '{ "components": [] }', /non-empty string "id"/],
    ['a form with a blank id', '{ "id": " ", "components": [] }', /non-empty string "id"/],
    ['a form without components', '{ "id": "f" }', /"components" array/],
  ] as const) {
    it(`rejects ${what}, naming the resource`, () => {
      const error = rejection(content);
      expect(error.code).to.equal('INVALID_ARGUMENT');
      expect(error.message).to.match(/^Invalid form resource 'broken.form': /);
      expect(error.message).to.match(message);
      expect(error.details).to.have.length(1);
      expect(error.details[0]?.resourceName).to.equal('broken.form');
    });
  }
});
