// i18next set-up: Chinese by default, English on request; the choice lives in localStorage until login.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '@linli/contracts';
import { zhCN } from './zh-CN.ts';
import { en } from './en.ts';
import { MODULES } from '../features/modules.tsx';

const STORAGE_KEY = 'linli.locale';

export function storedLocale(): Locale {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'en' || v === 'zh-CN') return v;
  } catch {
    /* storage may be unavailable (private mode) */
  }
  return 'zh-CN';
}

export function applyLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    /* ignore */
  }
  document.documentElement.lang = locale;
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: storedLocale(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});
for (const m of MODULES) {
  i18n.addResourceBundle('zh-CN', 'translation', m.messages['zh-CN'], true, false);
  i18n.addResourceBundle('en', 'translation', m.messages.en, true, false);
}
document.documentElement.lang = i18n.language;

export default i18n;
