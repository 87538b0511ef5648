import { expect } from 'chai';
import { feelStringLiteral, toExpr } from '../../../src/engine/model/expr.js';

describe('model expressions', () => {
  it('reads a value with a leading "=" as FEEL without the "="', () => {
    expect(toExpr('=a + 1')).to.deep.equal({ kind: 'feel', source: 'a + 1' });
    expect(toExpr('  = owner ')).to.deep.equal({ kind: 'feel', source: 'owner' });
  });

  it('reads any other value as static', () => {
    expect(toExpr('task-a')).to.deep.equal({ kind: 'static', value: 'task-a' });
    expect(toExpr('a=b')).to.deep.equal({ kind: 'static', value: 'a=b' });
  });

  it('quotes a static value as a FEEL string literal', () => {
    expect(feelStringLiteral('county')).to.equal('"county"');
    expect(feelStringLiteral('say "hi"\\\n')).to.equal('"say \\"hi\\"\\\\\\n"');
  });
});
