export const messages = {
  'zh-CN': {
    admin: {
      users: { title: '用户管理' },
      units: { title: '单位管理' },
      audit: { title: '审计日志' },
    },
  },
  en: {
    admin: {
      users: { title: 'Users' },
      units: { title: 'Units' },
      audit: { title: 'Audit log' },
    },
  },
};
