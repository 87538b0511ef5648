// The web app: Vue 3, Element Plus (Chinese by default), vue-router, vue-i18n. Element Plus
// components are imported where templates use them (vite.config.ts); the message and dialog
// services are called from scripts, so their styles are loaded here.
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n';
import { router } from './router';
import './styles.css';

createApp(App).use(i18n).use(router).mount('#app');
