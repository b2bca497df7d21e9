// Strings of the targets pages, both languages with the same keys.

const zh = {
  menu: { targets: '目标督促' },
};

const en: typeof zh = {
  menu: { targets: 'Targets' },
};

export const targetsStrings = {
  zh: { targets: zh },
  en: { targets: en },
};
