import type { NavEntry } from '../../nav.tsx';

/** The field entry screens (checkpoint, door visit, daily reports), usable offline. */
export const fieldEntryNavEntries: NavEntry[] = [];
