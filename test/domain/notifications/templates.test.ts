import { expect } from 'chai';
import {
  NotificationError,
  TEMPLATE_NAMES,
  renderNotification,
  type NotificationErrorCode,
} from '../../../src/domain/notifications/index.js';

function renderError(template: string, params: unknown, code: NotificationErrorCode): NotificationError {
  try {
    renderNotification(template, params);
  } catch (error: unknown) {
    expect(error).to.be.instanceOf(NotificationError);
    expect((error as NotificationError).code).to.equal(code);
    return error as NotificationError;
  }
  expect.fail(`expected a NotificationError ${code}`);
}

describe('notification templates', () => {
  it('has the five templates of the lifecycle', () => {
    expect(TEMPLATE_NAMES).to.have.members([
      'accepted',
      'not-accepted',
      'reply',
      'recheck-decision',
      'unit-reminder',
    ]);
  });

  it('tells the petitioner the petition was accepted', () => {
    const { body } = renderNotification('accepted', {
      petitionNumber: 'XF-2026-000123',
      unitName: '县住建局',
    });
    expect(body).to.equal(
      '【云溪县信访局】您好！您反映的信访事项（编号XF-2026-000123）已由县住建局受理，将在规定期限内办理并答复您，请耐心等候。',
    );
  });

  it('gives the reason when the petition is not accepted', () => {
    const { body } = renderNotification('not-accepted', {
      petitionNumber: 'XF-2026-000123',
      unitName: '县住建局',
      reason: '该事项已进入诉讼程序。',
    });
    expect(body).to.contain('不予受理，理由：该事项已进入诉讼程序。如有疑问');
  });

  it('gives the evaluation code with the reply and the 30-day re-check window', () => {
    const { body } = renderNotification('reply', {
      petitionNumber: 'XF-2026-000123',
      unitName: '县住建局',
      evaluationCode: 'A7K2Q9',
    });
    expect(body).to.contain('评价码：A7K2Q9');
    expect(body).to.contain('30日内请求复查');
  });

  it('says a 复核 decision is final and a 复查 decision can be contested', () => {
    const review = renderNotification('recheck-decision', {
      petitionNumber: 'XF-2026-000123',
      level: 'review',
    });
    const final = renderNotification('recheck-decision', {
      petitionNumber: 'XF-2026-000123',
      level: 're-review',
    });
    expect(review.body).to.contain('请求复核');
    expect(final.body).to.contain('复核意见为终结意见');
  });

  it('reminds the unit of the deadline date in Asia/Shanghai', () => {
    const { body, params } = renderNotification('unit-reminder', {
      petitionNumber: 'XF-2026-000123',
      unitName: '县住建局',
      stage: 'handle',
      deadline: '2026-01-12T15:59:59.999Z',
    });
    expect(body).to.equal(
      '【云溪县信访局】县住建局：信访事项（编号XF-2026-000123）的办理期限将于2026年1月12日届满，请抓紧办理，避免逾期。',
    );
    expect(params).to.deep.equal({
      petitionNumber: 'XF-2026-000123',
      unitName: '县住建局',
      stage: 'handle',
      deadline: '2026-01-12T15:59:59.999Z',
    });
  });

  it('uses the signature it is given', () => {
    const { body } = renderNotification(
      'accepted',
      { petitionNumber: 'XF-2026-000123', unitName: '县住建局' },
      { signature: '东山县信访局' },
    );
    expect(body).to.match(/^【东山县信访局】/);
  });

  it('names each missing parameter', () => {
    const error = renderError('not-accepted', { petitionNumber: 'XF-2026-000123' }, 'invalid-params');
    expect(error.message).to.contain('not-accepted');
    expect(error.message).to.contain('缺少参数 unitName');
    expect(error.message).to.contain('缺少参数 reason');
    expect(error.detail).to.contain('missing param reason');
  });

  it('names a parameter with a bad value', () => {
    const error = renderError(
      'reply',
      { petitionNumber: 'XF-2026-000123', unitName: '县住建局', evaluationCode: '12' },
      'invalid-params',
    );
    expect(error.message).to.contain('evaluationCode');
    expect(error.message).to.contain('评价码应为 4 到 16 位字母或数字');
    expect(error.message).not.to.contain('缺少参数');
  });

  it('refuses parameters that are not an object', () => {
    renderError('accepted', ['XF-2026-000123'], 'invalid-params');
  });

  it('refuses an unknown template, listing the known ones', () => {
    const error = renderError('acepted', {}, 'unknown-template');
    expect(error.message).to.contain('accepted');
    renderError('toString', {}, 'unknown-template');
  });
});
