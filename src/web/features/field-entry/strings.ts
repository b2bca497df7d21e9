// Strings of the field entry screens and the offline queue, both languages with the same keys.

export const fieldEntryStrings = {
  zh: { fieldEntry: {} },
  en: { fieldEntry: {} },
};
