// form-exists: every zeebe:formDefinition formId names a form in forms/ (by the form's "id").
// The runner passes the ids found there as { formIds }.
import { extensionsOf, isExpression, stringListOption, stringProp, type RuleFactory } from './moddle.js';

export const formExists: RuleFactory = (config) => {
  const formIds = stringListOption(config, 'formIds', 'xinfang/form-exists');
  return {
    check(node, reporter) {
      for (const extension of extensionsOf(node)) {
        if (extension.$type !== 'zeebe:FormDefinition') continue;
        const formId = stringProp(extension, 'formId');
        if (formId === undefined || isExpression(formId)) continue;
        if (!formIds.has(formId)) {
          reporter.report(node.id ?? '', `表单 "${formId}" 在 forms/ 中不存在`);
        }
      }
    },
  };
};
