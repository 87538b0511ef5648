import { expect } from 'chai';
import { bigramJaccard, characterBigrams } from '../../../src/domain/petitioners/index.js';

describe('title similarity (character-bigram Jaccard)', () => {
  it('is 1 for the same title, whatever the punctuation and spacing', () => {
    expect(bigramJaccard('征地补偿款未发放！', ' 征地补偿款，未发放')).to.equal(1);
  });

  it('counts shared pairs of characters over all pairs', () => {
    // 7 and 9 pairs, 6 shared: 6 / 10.
    expect(bigramJaccard('征地补偿款未发放', '征地补偿款至今未发放')).to.be.closeTo(0.6, 1e-9);
  });

  it('is low for different matters', () => {
    expect(bigramJaccard('征地补偿款未发放', '小区噪音扰民')).to.equal(0);
  });

  it('ignores case in Latin letters and compares single characters as such', () => {
    expect(bigramJaccard('ABC 小区', 'abc小区')).to.equal(1);
    expect([...characterBigrams('路')]).to.deep.equal(['路']);
    expect(bigramJaccard('', '路')).to.equal(0);
  });
});
