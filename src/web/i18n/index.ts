// Chinese first (zh-CN), English for IT staff and visitors. Each area keeps its own texts in
// areas/<area>/messages.ts ({ 'zh-CN': {...}, en: {...} } under its own namespace), merged here.
import { createI18n } from 'vue-i18n';
import { common } from './common';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

type Messages = Record<string, unknown>;
type AreaMessages = Record<Locale, Messages>;

const areaModules = import.meta.glob<{ messages: AreaMessages }>('../areas/*/messages.ts', { eager: true });

function merged(locale: Locale): Messages {
  const all: Messages = { ...common[locale] };
  for (const module of Object.values(areaModules)) Object.assign(all, module.messages[locale]);
  return all;
}

const STORAGE_KEY = 'xinfang-flow.locale';

function initialLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'zh-CN';
}

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': merged('zh-CN'), en: merged('en') },
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}
