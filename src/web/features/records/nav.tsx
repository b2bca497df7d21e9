import type { NavEntry } from '../../nav.tsx';

/** The daily-records pages in menu order (records, compliance board, report sheets, admin). */
export const recordsNavEntries: NavEntry[] = [];
