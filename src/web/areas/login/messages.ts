export const messages = {
  'zh-CN': {
    login: {
      title: '用户登录',
      username: '用户名',
      password: '密码',
      submit: '登录',
      usernameRequired: '请输入用户名',
      passwordRequired: '请输入密码',
      hint: '忘记密码或账户被锁定，请联系系统管理员。',
    },
  },
  en: {
    login: {
      title: 'Sign in',
      username: 'Username',
      password: 'Password',
      submit: 'Sign in',
      usernameRequired: 'Enter your username',
      passwordRequired: 'Enter your password',
      hint: 'Forgot your password or locked out? Ask the administrator.',
    },
  },
};
