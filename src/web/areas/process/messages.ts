export const messages = {
  'zh-CN': {
    process: {
      view: { title: '流程实例' },
      models: { title: '流程模型' },
    },
  },
  en: {
    process: {
      view: { title: 'Process instance' },
      models: { title: 'Process models' },
    },
  },
};
