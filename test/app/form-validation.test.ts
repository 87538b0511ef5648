import { expect } from 'chai';
import {
  submittedChoices,
  validateFormSubmission,
  parseFormSchema,
} from '../../src/app/tasks/form-validation.js';

const form = {
  id: 'acceptance',
  type: 'default',
  components: [
    { type: 'text', text: '## 受理 {{petitionId}}' },
    {
      type: 'radio',
      key: 'acceptance',
      label: '受理意见',
      validate: { required: true },
      values: [
        { label: '受理', value: 'accept' },
        { label: '不予受理', value: 'reject' },
      ],
    },
    {
      type: 'textarea',
      key: 'rejectReason',
      label: '不予受理理由',
      validate: { required: true, minLength: 10, maxLength: 200 },
      conditional: { hide: '=acceptance != "reject"' },
    },
    { type: 'number', key: 'days', label: '天数', validate: { min: 1, max: 30 } },
    { type: 'checkbox', key: 'urgent', label: '加急' },
    { type: 'textarea', key: 'reviewOpinion', label: '预审意见', disabled: true },
    {
      type: 'taglist',
      key: 'coUnits',
      label: '协办单位',
      valuesExpression: '=for u in unitOptions return {label: u, value: u}',
    },
    { type: 'select', key: 'riskLevel', label: '风险等级', valuesKey: 'riskOptions' },
    {
      type: 'group',
      path: 'contact',
      components: [{ type: 'textfield', key: 'phone', label: '联系电话', validate: { required: true } }],
    },
  ],
};

const context = {
  petitionId: 'XF-2026-000001',
  unitOptions: ['water', 'roads'],
  riskOptions: ['low', 'high'],
};

describe('form validation', () => {
  it('accepts a complete submission', () => {
    const errors = validateFormSubmission(
      form,
      {
        acceptance: 'accept',
        days: 5,
        urgent: true,
        coUnits: ['water'],
        riskLevel: 'low',
        contact: { phone: '123' },
      },
      context,
    );
    expect(errors).to.deep.equal([]);
  });

  it('names a missing required field, and skips required fields the form hides', () => {
    const errors = validateFormSubmission(form, { contact: { phone: '1' } }, context);
    expect(errors).to.deep.equal([{ field: 'variables.acceptance', message: '请选择“受理意见”' }]);
  });

  it('requires a field once its hide condition is false', () => {
    const errors = validateFormSubmission(form, { acceptance: 'reject', contact: { phone: '1' } }, context);
    expect(errors).to.deep.equal([{ field: 'variables.rejectReason', message: '请填写“不予受理理由”' }]);
  });

  it('rejects values outside the declared options, static, by key or by expression', () => {
    const errors = validateFormSubmission(
      form,
      { acceptance: 'maybe', coUnits: ['water', 'police'], riskLevel: 'extreme', contact: { phone: '1' } },
      context,
    );
    expect(errors.map((e) => e.field)).to.deep.equal([
      'variables.acceptance',
      'variables.coUnits',
      'variables.riskLevel',
    ]);
    expect(errors[0]!.message).to.contain('accept、reject');
    expect(errors[1]!.message).to.contain('"police"');
  });

  it('checks types and limits', () => {
    const errors = validateFormSubmission(
      form,
      { acceptance: 'reject', rejectReason: '太短', days: '5', urgent: 'yes', contact: { phone: 42 } },
      context,
    );
    expect(errors).to.deep.equal([
      { field: 'variables.rejectReason', message: '“不予受理理由”至少需要 10 个字' },
      { field: 'variables.days', message: '“天数”应为数字' },
      { field: 'variables.urgent', message: '“加急”应为“是”或“否”' },
      { field: 'variables.contact.phone', message: '“联系电话”应为文字' },
    ]);
    const tooMany = validateFormSubmission(
      form,
      { acceptance: 'accept', days: 31, contact: { phone: '1' } },
      context,
    );
    expect(tooMany).to.deep.equal([{ field: 'variables.days', message: '“天数”不能大于 30' }]);
  });

  it('rejects keys the form does not have and values for read-only fields', () => {
    const errors = validateFormSubmission(
      form,
      { acceptance: 'accept', leadUnit: 'x', reviewOpinion: 'changed', contact: { phone: '1', fax: '2' } },
      context,
    );
    expect(errors).to.deep.equal([
      { field: 'variables.leadUnit', message: '表单中没有字段“leadUnit”' },
      { field: 'variables.contact.fax', message: '表单中没有字段“contact.fax”' },
      { field: 'variables.reviewOpinion', message: '“预审意见”是只读字段，不能提交' },
    ]);
  });

  it('reads the schema as JSON text or as an object, and lists the choices made', () => {
    expect(parseFormSchema(JSON.stringify(form))).to.deep.equal(form);
    expect(parseFormSchema(form)).to.equal(form);
    expect(parseFormSchema('{not json')).to.equal(undefined);
    expect(submittedChoices(form, { acceptance: 'reject', rejectReason: '……', urgent: false })).to.deep.equal(
      {
        acceptance: 'reject',
        urgent: false,
      },
    );
  });
});
