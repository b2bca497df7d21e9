// Strings of the daily-records pages, both languages with the same keys.

export const recordsStrings = {
  zh: { records: {} },
  en: { records: {} },
};
