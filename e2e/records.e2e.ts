// Browser cases for the daily-records pages (owner: records web): a community worker on a phone opens
// the compliance board, sees a form's reporting rates, opens who has not reported and reminds them;
// then opens a record and sees its values (a fever highlighted). Neither page scrolls sideways at 375 px.
// The test makes its own subjects and record through the API, so it does not lean on the demo's details.
import type { Browser, Page } from 'playwright-core';
import { check, noSidewaysScroll } from './page-checks.ts';

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

/** Today in Asia/Shanghai, the day the server files records made now under. */
function shanghaiDay(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function recordsE2eCases(ctx: RecordsE2eContext): TestCase[] {
  const tag = Date.now().toString(36).slice(-5);
  const missingName = `端测未报${tag}`;
  const feverName = `端测发热${tag}`;
  let worker: Page | undefined;

  /** JSON through the page's own session (cookie + CSRF token), as the SPA sends it. */
  async function api<T>(page: Page, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const me = (await (await page.request.get(ctx.baseUrl + '/api/auth/me')).json()) as { csrfToken: string };
    const response = await page.request.fetch(ctx.baseUrl + path, {
      method,
      headers: { 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' },
      data: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    check(response.ok(), `${method} ${path}: HTTP ${response.status()} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return [
    {
      name: 'records: community worker reminds who has not screened today, on a phone',
      async run() {
        const context = await ctx.browser.newContext({
          viewport: { width: 375, height: 740 },
          isMobile: true,
          hasTouch: true,
          locale: 'zh-CN',
        });
        context.setDefaultTimeout(ctx.timeout);
        const page = await context.newPage();
        worker = page;
        ctx.show(page);
        await page.goto(ctx.baseUrl + '/');
        await page.locator('#username').fill('shuiweidai');
        await page.locator('#password').fill(ctx.password);
        await page.locator('button[type=submit]').click();
        await page.getByText(/欢迎，/).waitFor();

        // Two residents of the worker's community under daily screening from today; one screens with a fever.
        const found = await api<{ items: { id: string; name: string }[] }>(
          page,
          'GET',
          `/api/areas/search?q=${encodeURIComponent('水洧埭第1小区')}&level=place`,
        );
        const compound = found.items.find((a) => a.name === '水洧埭第1小区');
        check(compound, 'compound 水洧埭第1小区 not found');
        const day = shanghaiDay();
        const people: Record<string, string> = {};
        for (const name of [missingName, feverName]) {
          const person = await api<{ id: string }>(page, 'POST', '/api/people', {
            name,
            areaId: compound.id,
            residentType: 'registered',
          });
          people[name] = person.id;
          await api(page, 'POST', '/api/screenings', {
            personId: person.id,
            fromDay: day,
            reason: '端测居家观察',
          });
        }
        await api(page, 'POST', '/api/records', {
          key: `e2e-${tag}-${crypto.randomUUID()}`,
          formKey: 'resident_screening',
          subject: { kind: 'person', id: people[feverName] },
          values: { temperature: 37.6, symptoms: ['fever'], travel_14d: false, quarantine_status: 'home' },
        });

        await page.goto(ctx.baseUrl + '/compliance');
        const card = page.locator('[data-testid=compliance-form][data-form=resident_screening]');
        await card.waitFor();
        await card.locator('[data-testid=rate-table] .ant-table-row').first().waitFor();
        const summary = await card.locator('.ant-card-head').innerText();
        check(/已报 \d+ \/ 应报 \d+/.test(summary), `no rate summary on the screening card: ${summary}`);
        await noSidewaysScroll(page, '/compliance');

        await card.getByTestId('open-missing').click();
        const drawer = page.locator('[data-testid=missing-drawer]');
        await drawer.locator('.ant-input').fill(missingName);
        await drawer.locator('.ant-input').press('Enter');
        const row = drawer.locator('[data-testid=missing-row]').filter({ hasText: missingName });
        await row.waitFor();
        check(
          (await drawer.locator('[data-testid=missing-row]').filter({ hasText: feverName }).count()) === 0,
          'a resident who reported is listed as not reported',
        );
        await row.getByRole('button', { name: `提醒 ${missingName}` }).click();
        await page
          .locator('.ant-message')
          .getByText(/已发送提醒 1 条/)
          .waitFor();
        await row.getByText(/已提醒/).waitFor();
        // A second click tells the worker it was already sent, not a second message.
        await drawer.getByTestId('remind-all').click();
        await page
          .locator('.ant-message')
          .getByText(/[1-9]\d* 条今日已提醒过/)
          .waitFor();
        await drawer.locator('.ant-drawer-close').click();
        await drawer.waitFor({ state: 'hidden' });
      },
    },
    {
      name: 'records: the worker opens a screening record and sees its values, on a phone',
      async run() {
        const page = worker;
        check(page, 'the compliance case did not sign in');
        await page.goto(ctx.baseUrl + '/records');
        await page.getByTestId('records-page').waitFor();
        await page.getByPlaceholder('搜索对象名称').fill(feverName);
        await page.getByPlaceholder('搜索对象名称').press('Enter');
        const row = page.locator('[data-testid=record-row]').filter({ hasText: feverName });
        await row.waitFor();
        await noSidewaysScroll(page, '/records');
        await row.click();
        const drawer = page.locator('[data-testid=record-drawer]');
        const values = drawer.locator('[data-testid=record-values]');
        await values.waitFor();
        await values.getByText('体温').waitFor();
        await values
          .locator('[data-testid=fever]')
          .getByText(/37\.6 °C/)
          .waitFor();
        await values.getByText('居家隔离').waitFor();
        await drawer.getByTestId('subject-records').waitFor();
        await page.getByRole('dialog').locator('.ant-drawer-close').click();
        await noSidewaysScroll(page, '/records');
        await page.context().close();
      },
    },
  ];
}
