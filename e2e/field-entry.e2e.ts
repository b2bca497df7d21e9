// Browser cases for the field entry screens and the offline queue (owner: field entry): a community
// worker on a 375 px phone logs checkpoint passes, loses the network mid-shift, keeps logging, and one
// sync's answer is lost after the server stored it; when the network returns the queue drains and the
// server holds exactly one record per pass.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chooseOption } from './select-option.ts';
import { check, noSidewaysScroll } from './page-checks.ts';

interface TestCase {
  name: string;
  run(): Promise<void>;
}

export interface FieldEntryE2eContext {
  browser: Browser;
  baseUrl: string;
  /** The demo accounts' password. */
  password: string;
  timeout: number;
  /** Tells the runner which page to screenshot after each case. */
  show(page: Page): void;
}

const CHECKPOINT = '大润发卡点';
const ONLINE_PASSES = 3;
const OFFLINE_PASSES = 5;

async function queueCount(page: Page, count: number): Promise<void> {
  await page.locator(`[data-testid=queue-badge][data-count="${count}"]`).waitFor();
}

/** One person passing in: the direction stays from the previous pass, everything else is tapped again. */
async function logPass(page: Page, origin: string, expectedToday: number): Promise<void> {
  const field = (key: string) => page.getByTestId(`field-${key}`);
  await field('party').getByText('人员', { exact: true }).click();
  const direction = field('direction').locator('.ant-radio-button-wrapper-checked');
  if ((await direction.count()) === 0) await field('direction').getByText('进', { exact: true }).click();
  check((await direction.innerText()).trim() === '进', 'the direction was not kept from the last pass');
  await field('temperature').getByRole('button', { name: '36.5' }).click();
  await field('mask').getByText('是', { exact: true }).click();
  await field('visitor_type').getByText('本地居民', { exact: true }).click();
  await field('origin').locator('input').fill(origin);
  await page.getByTestId('entry-submit').click();
  await page.locator(`[data-testid=today-count][data-count="${expectedToday}"]`).waitFor();
  // The form is ready for the next pass: the answers are cleared, the checkpoint is kept.
  check((await field('origin').locator('input').inputValue()) === '', 'the form was not reset after a pass');
}

export function fieldEntryE2eCases(ctx: FieldEntryE2eContext): TestCase[] {
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  const marker = `端测${Date.now().toString(36)}`;
  return [
    {
      name: 'field entry: the app installs a service worker and the entry screen fits a 375 px phone',
      async run() {
        context = await ctx.browser.newContext({
          viewport: { width: 375, height: 800 },
          isMobile: true,
          hasTouch: true,
          locale: 'zh-CN',
        });
        context.setDefaultTimeout(ctx.timeout);
        page = await context.newPage();
        ctx.show(page);
        await page.goto(ctx.baseUrl + '/');
        await page.locator('#username').fill('shuiweidai');
        await page.locator('#password').fill(ctx.password);
        await page.locator('button[type=submit]').click();
        await page.getByText(/欢迎，/).waitFor();

        await page.goto(ctx.baseUrl + '/entry');
        await page.getByTestId('entry-form-checkpoint_pass').waitFor();
        await page.getByTestId('entry-form-door_visit').waitFor();
        await noSidewaysScroll(page, 'the form list');

        const worker = await page.evaluate(async () => {
          const registration = await navigator.serviceWorker.ready;
          return registration.active?.scriptURL ?? null;
        });
        check(worker?.endsWith('/sw.js'), `service worker not active: ${String(worker)}`);
        const manifest = await page.evaluate(async () => {
          const link = document.querySelector<HTMLLinkElement>('link[rel=manifest]');
          if (!link) return null;
          return ((await (await fetch(link.href)).json()) as { display?: string }).display ?? null;
        });
        check(manifest === 'standalone', `manifest missing or not standalone: ${String(manifest)}`);
        // The shell and the built script are in the worker's cache, so the app opens without a network.
        const cached = await page.evaluate(async () => {
          const paths: string[] = [];
          for (const name of await caches.keys())
            for (const request of await (await caches.open(name)).keys())
              paths.push(new URL(request.url).pathname);
          return paths;
        });
        check(cached.includes('/'), `the app shell is not cached: ${cached.join(', ')}`);
        check(
          cached.some((p) => /^\/assets\/.+\.js$/.test(p)),
          `the built script is not cached: ${cached.join(', ')}`,
        );
        // The form list is in the worker's cache too, although the page fetched it before the worker
        // took the page over (else the app reopened offline has no forms).
        const formsCached = async () =>
          page?.evaluate(async () => {
            for (const name of await caches.keys())
              for (const request of await (await caches.open(name)).keys())
                if (new URL(request.url).pathname === '/api/record-forms') return true;
            return false;
          });
        const until = Date.now() + ctx.timeout;
        while (!(await formsCached()) && Date.now() < until) await page.waitForTimeout(200);
        check(await formsCached(), 'the form list is not in the service worker cache');
      },
    },
    {
      name: 'field entry: checkpoint passes logged online and offline sync once each, a lost answer included',
      async run() {
        check(context && page, 'the previous case did not open the phone');
        await page.getByTestId('entry-form-checkpoint_pass').click();
        await page.waitForURL(/\/entry\/checkpoint_pass$/);
        await chooseOption(page, '#entry-subject', CHECKPOINT, { search: true });
        await page.locator('[data-testid=today-count]').waitFor();
        const startCount = Number(await page.getByTestId('today-count').getAttribute('data-count'));
        await noSidewaysScroll(page, 'the checkpoint pass form');

        for (let i = 1; i <= ONLINE_PASSES; i++) await logPass(page, marker, startCount + i);
        await queueCount(page, 0);

        // The network goes mid-shift; the volunteer keeps logging.
        await context.setOffline(true);
        await page.getByTestId('offline-banner').waitFor();
        for (let i = 1; i <= OFFLINE_PASSES; i++) await logPass(page, marker, startCount + ONLINE_PASSES + i);
        await queueCount(page, OFFLINE_PASSES);
        const badge = await page.getByTestId('queue-badge').innerText();
        check(badge.includes(`待同步 ${OFFLINE_PASSES}`), `queue badge reads "${badge}"`);

        // The first sync after the network returns reaches the server, which stores the five, but its
        // answer never arrives: the client must resend, and the resend must not double them.
        let lostAnswer: { created: number; duplicates: number } | null = null;
        let resent: { created: number; duplicates: number } | null = null;
        await page.route('**/api/records/batch', async (route) => {
          if (lostAnswer === null) {
            const response = await route.fetch();
            lostAnswer = (await response.json()) as { created: number; duplicates: number };
            await route.abort('connectionreset');
            return;
          }
          const response = await route.fetch();
          resent = (await response.json()) as { created: number; duplicates: number };
          await route.fulfill({ response });
        });
        await context.setOffline(false);
        await page.getByTestId('offline-banner').waitFor({ state: 'detached' });
        await queueCount(page, 0);
        await page.unroute('**/api/records/batch');
        check(lostAnswer, 'no sync attempt was made when the network returned');
        const lost: { created: number; duplicates: number } = lostAnswer;
        check(
          lost.created === OFFLINE_PASSES,
          `the lost attempt stored ${lost.created}, not ${OFFLINE_PASSES}`,
        );
        check(resent, 'the queue drained without resending after the lost answer');
        const again: { created: number; duplicates: number } = resent;
        check(
          again.created === 0 && again.duplicates === OFFLINE_PASSES,
          `the resend was not recognised: created ${again.created}, duplicates ${again.duplicates}`,
        );

        // The server's view: exactly one record per pass made in this session, none lost, none doubled.
        const stored = await page.evaluate(
          async ({ name, origin }) => {
            const subjects = (await (
              await fetch(`/api/record-subjects?kind=place&q=${encodeURIComponent(name)}`)
            ).json()) as { items: { id: string; name: string }[] };
            const checkpoint = subjects.items.find((s) => s.name === name);
            if (!checkpoint) return null;
            const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
            const found: { recordId: string; origin: unknown }[] = [];
            let cursor: string | null = null;
            do {
              const query = new URLSearchParams({
                formKey: 'checkpoint_pass',
                subjectId: checkpoint.id,
                from: day,
                to: day,
                limit: '200',
              });
              if (cursor) query.set('cursor', cursor);
              const page = (await (await fetch(`/api/records?${query.toString()}`)).json()) as {
                items: { recordId: string; values: Record<string, unknown> }[];
                nextCursor: string | null;
              };
              for (const r of page.items) found.push({ recordId: r.recordId, origin: r.values.origin });
              cursor = page.nextCursor;
            } while (cursor);
            return found.filter((r) => r.origin === origin).map((r) => r.recordId);
          },
          { name: CHECKPOINT, origin: marker },
        );
        check(stored, `checkpoint ${CHECKPOINT} not found among the record subjects`);
        const total = ONLINE_PASSES + OFFLINE_PASSES;
        check(
          stored.length === total,
          `the server holds ${stored.length} passes from this session, not ${total}`,
        );
        check(new Set(stored).size === total, 'a record was returned twice');
      },
    },
    {
      name: 'field entry: the installed app reopens with no network and keeps logging; the pass syncs when it returns',
      async run() {
        check(context && page, 'the previous case did not open the phone');
        const reopened = `${marker}重开`;
        await context.setOffline(true);
        await page.reload();
        await page.getByTestId('offline-banner').waitFor();
        await page.locator('[data-testid=today-count]').waitFor();
        const before = Number(await page.getByTestId('today-count').getAttribute('data-count'));
        await logPass(page, reopened, before + 1);
        await queueCount(page, 1);
        await context.setOffline(false);
        await page.getByTestId('offline-banner').waitFor({ state: 'detached' });
        await queueCount(page, 0);
        const count = await page.evaluate(async (origin) => {
          const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
          const query = new URLSearchParams({ formKey: 'checkpoint_pass', from: day, to: day, limit: '200' });
          const body = (await (await fetch(`/api/records?${query.toString()}`)).json()) as {
            items: { values: Record<string, unknown> }[];
          };
          return body.items.filter((r) => r.values.origin === origin).length;
        }, reopened);
        check(
          count === 1,
          `the pass logged after reopening offline is on the server ${count} times, not once`,
        );
      },
    },
    {
      name: 'field entry: an enterprise user files its own daily report, checked by the shared validator first',
      async run() {
        const phone = await ctx.browser.newContext({
          viewport: { width: 375, height: 800 },
          isMobile: true,
          hasTouch: true,
          locale: 'zh-CN',
        });
        phone.setDefaultTimeout(ctx.timeout);
        const firm = await phone.newPage();
        ctx.show(firm);
        await firm.goto(ctx.baseUrl + '/');
        await firm.locator('#username').fill('zbhl');
        await firm.locator('#password').fill(ctx.password);
        await firm.locator('button[type=submit]').click();
        await firm.getByText(/欢迎，/).waitFor();
        await firm.goto(ctx.baseUrl + '/entry');
        await firm.getByTestId('entry-form-enterprise_daily').waitFor();
        check(
          (await firm.getByTestId('entry-form-checkpoint_pass').count()) === 0,
          'an enterprise user is offered the checkpoint form',
        );
        await firm.getByTestId('entry-form-enterprise_daily').click();
        await firm.waitForURL(/\/entry\/enterprise_daily$/);
        // Its own organisation, preselected, not a picker.
        await firm.getByTestId('entry-subject-own').getByText(/中部/).waitFor();
        await noSidewaysScroll(firm, 'the enterprise daily report');

        const field = (key: string) => firm.getByTestId(`field-${key}`);
        for (const [key, value] of [
          ['staff_on_duty', '120'],
          ['staff_returned', '100'],
          ['staff_from_outside_province', '12'],
          ['staff_in_quarantine', '3'],
          ['capacity_percent', '150'],
          ['masks_in_stock', '2000'],
          ['disinfectant_kg', '50'],
        ] as const)
          await field(key).locator('input').fill(value);
        await field('raw_material_days')
          .getByRole('button', { name: /添加一行/ })
          .click();
        await field('raw_material_days').locator('input').nth(0).fill('硫酸');
        await field('raw_material_days').locator('input').nth(1).fill('5');
        await firm.getByTestId('entry-submit').click();
        // 150 % is refused before anything is sent, naming the field and the reason.
        await field('capacity_percent').getByRole('alert').getByText('不能大于 100').waitFor();
        await field('capacity_percent').locator('input').fill('85');
        await firm.getByTestId('entry-submit').click();
        await firm.locator('.ant-message').getByText('已提交').waitFor();
        await firm.locator('[data-testid=today-count][data-count="1"]').waitFor();
        check(
          (await field('capacity_percent').locator('input').inputValue()) === '',
          'the report form was not cleared after submitting',
        );
        // Left open on failure, for the runner's screenshot.
        await phone.close();
      },
    },
  ];
}
