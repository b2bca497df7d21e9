// Browser cases for the daily-records pages (owner: records web).
import type { Browser, Page } from 'playwright-core';

interface TestCase {
  name: string;
  run(): Promise<void>;
}

export interface RecordsE2eContext {
  browser: Browser;
  baseUrl: string;
  /** The demo accounts' password. */
  password: string;
  timeout: number;
  /** Tells the runner which page to screenshot after each case. */
  show(page: Page): void;
}

export function recordsE2eCases(_ctx: RecordsE2eContext): TestCase[] {
  return [];
}
