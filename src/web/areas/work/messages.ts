export const messages = {
  'zh-CN': {
    work: {
      register: { title: '信访登记' },
      tasks: { title: '我的待办' },
      task: { title: '办理任务' },
      letters: { title: '督办文书' },
    },
  },
  en: {
    work: {
      register: { title: 'Register a petition' },
      tasks: { title: 'My tasks' },
      task: { title: 'Task' },
      letters: { title: 'Letters' },
    },
  },
};
