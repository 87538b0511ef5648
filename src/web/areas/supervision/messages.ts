export const messages = {
  'zh-CN': {
    supervision: {
      dashboard: { title: '督查督办' },
      search: { title: '信访件查询' },
      petition: { title: '信访件详情' },
    },
  },
  en: {
    supervision: {
      dashboard: { title: 'Supervision dashboard' },
      search: { title: 'Petitions' },
      petition: { title: 'Petition file' },
    },
  },
};
