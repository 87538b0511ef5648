// The web app's build: Vue single-file components into dist/web, which the app server serves.
// `npm start` builds it when it is missing or older than its sources (src/app/web/build.ts).
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import Components from 'unplugin-vue-components/vite';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [
    vue(),
    // Each page carries only the Element Plus components (and their styles) its templates use, so
    // the first load in a fresh browser parses a small entry instead of the whole library.
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dirs: [], dts: false }),
  ],
  // The server's CSP allows no eval: Vue's runtime-only build, templates compiled here.
  define: {
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: false,
  },
  server: {
    // `npx vite --config src/web/vite.config.ts` while `npm start` runs: hot reload against the real API.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
