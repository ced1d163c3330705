import type en from '../../messages/en.json';
import type { Locale } from './locales';

// Typed keys: `t('…')` with a key missing from messages/en.json fails `tsc`.
declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof en;
  }
}
