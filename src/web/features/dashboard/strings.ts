// Strings of the command dashboard, both languages with the same keys.

const zh = {
  menu: { dashboard: '指挥驾驶舱' },
};

const en: typeof zh = {
  menu: { dashboard: 'Command dashboard' },
};

export const dashboardStrings = {
  zh: { dashboard: zh },
  en: { dashboard: en },
};
