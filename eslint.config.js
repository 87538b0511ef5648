// Typed lint: the rules that catch real bugs in async engine code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import pluginVue from 'eslint-plugin-vue';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'public/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
    },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })] },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // chai's property assertions (expect(x).to.be.true) read as unused expressions.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  // The web app: Vue single-file components. vue-tsc type-checks them (npm run typecheck); the
  // type-aware rules are left to the .ts files, because running them through the Vue parser
  // multiplies the lint time several times over.
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['src/web/**/*.vue'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: {
        parser: tseslint.parser,
        extraFileExtensions: ['.vue'],
        sourceType: 'module',
        projectService: false,
        project: null,
      },
    },
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      // vue-tsc checks names; this rule does not know the DOM's.
      'no-undef': 'off',
      // Formatting is prettier's; these only fight it.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  { files: ['*.js'], ...tseslint.configs.disableTypeChecked },
);
