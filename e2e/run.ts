// Browser test: the real server in-process, the built SPA, and Chromium driven by playwright-core.
// Run with `npx tsx e2e/run.ts`; prints one line per case and a final `N passed, M failed`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../src/server/core/config.ts';
import { startServer, type RunningServer } from '../src/server/server.ts';
import { buildWeb, webBuildIsStale } from '../src/server/web-build.ts';
import { casesE2eCases } from './cases.e2e.ts';
import { chooseOption } from './select-option.ts';
import { caseAdminE2eCases } from './case-admin.e2e.ts';
import { recordsE2eCases } from './records.e2e.ts';
import { fieldEntryE2eCases } from './field-entry.e2e.ts';
import { dashboardE2eCases } from './dashboard.e2e.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const artifacts = path.join(root, 'e2e', 'artifacts');
const DEMO_PASSWORD = 'demo-e2e-password';
const TIMEOUT = 15_000;

interface TestCase {
  name: string;
  run(): Promise<void>;
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function slug(name: string): string {
  return name.replace(/[^0-9A-Za-z]+/g, '-').replace(/^-|-$/g, '');
}

async function main(): Promise<number> {
  const distDir = path.join(root, 'dist', 'web');
  if (!fs.existsSync(path.join(distDir, 'index.html')) || webBuildIsStale(root, distDir)) {
    console.log('# building the web app');
    await buildWeb(root);
  }
  fs.mkdirSync(artifacts, { recursive: true });

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridline-e2e-'));
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let passed = 0;
  let failed = 0;
  try {
    server = await startServer(
      loadConfig(
        {
          ...process.env,
          PORT: '0',
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          LOG_LEVEL: 'silent',
          DEMO: 'true',
          ADMIN_PASSWORD: 'admin-e2e-password',
        },
        root,
      ),
      { demoPassword: DEMO_PASSWORD },
    );
    const baseUrl = server.url;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-quic',
        '--no-first-run',
        '--disable-sync',
      ],
    });
    const desktop: BrowserContext = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'zh-CN',
    });
    desktop.setDefaultTimeout(TIMEOUT);
    const page: Page = await desktop.newPage();
    let phonePage: Page | undefined;
    let workerPage: Page | undefined;
    let current: Page = page;

    const cases: TestCase[] = [
      {
        name: 'login page opens in Chinese',
        async run() {
          await page.goto(baseUrl + '/');
          await page.locator('button[type=submit]').waitFor();
          await page.getByText('用户名').first().waitFor();
          await page.getByText('密码').first().waitFor();
          assert((await page.locator('html').getAttribute('lang')) === 'zh-CN', 'html lang is not zh-CN');
        },
      },
      {
        name: 'wrong password shows the server message',
        async run() {
          await page.locator('#username').fill('command');
          await page.locator('#password').fill('not-the-password');
          await page.locator('button[type=submit]').click();
          const alert = page.getByRole('alert').first();
          await alert.waitFor();
          const text = await alert.innerText();
          assert(/[\u4e00-\u9fff]/.test(text), `error is not in Chinese: ${text}`);
        },
      },
      {
        name: 'command signs in and sees the Chinese shell',
        async run() {
          await page.locator('#username').fill('command');
          await page.locator('#password').fill(DEMO_PASSWORD);
          await page.locator('button[type=submit]').click();
          await page.getByText('欢迎，市指挥部 王敏').waitFor();
          await page.getByRole('menuitem', { name: '区域' }).waitFor();
          await page.getByText('PGlite').waitFor();
        },
      },
      {
        name: 'language switches to English',
        async run() {
          await page.getByText('English', { exact: true }).first().click();
          await page.getByRole('menuitem', { name: 'Home' }).waitFor();
          await page.getByRole('menuitem', { name: 'Areas' }).waitFor();
          await page.getByText('System health').waitFor();
          const stored = await page.evaluate(() => localStorage.getItem('gridline.lang'));
          assert(stored === 'en-US', `language not remembered: ${String(stored)}`);
        },
      },
      {
        name: 'areas search opens a grid with its ancestors',
        async run() {
          await page.getByRole('menuitem', { name: 'Areas' }).click();
          await page.waitForURL(/\/areas/);
          await page.locator('.ant-tree-title').filter({ visible: true }).first().waitFor();
          await page.getByPlaceholder('Search areas by name or code').fill('水洧埭社区第1网格');
          const result = page
            .locator('[data-testid=area-search-results] .ant-list-item')
            .filter({ hasText: '水洧埭社区第1网格' })
            .first();
          await result.click();
          const detail = page.locator('[data-testid=area-detail]');
          await detail.waitFor();
          const levelRow = detail.locator('tr', { hasText: 'Level' }).first();
          await levelRow.getByText('Grid', { exact: true }).waitFor();
          const crumbs = (await page.locator('[data-testid=area-breadcrumb]').innerText()).replace(
            /\s+/g,
            '',
          );
          assert(
            crumbs.includes('平湖市›当湖街道›水洧埭社区›水洧埭社区第1网格'),
            `unexpected breadcrumb: ${crumbs}`,
          );
        },
      },
      {
        name: 'phone menu button opens the drawer',
        async run() {
          assert(browser, 'no browser');
          const phone = await browser.newContext({
            viewport: { width: 375, height: 740 },
            isMobile: true,
            hasTouch: true,
            storageState: await desktop.storageState(),
          });
          phone.setDefaultTimeout(TIMEOUT);
          phonePage = await phone.newPage();
          current = phonePage;
          await phonePage.goto(baseUrl + '/areas');
          await phonePage.locator('.ant-tree-title').filter({ visible: true }).first().waitFor();
          assert(!(await phonePage.locator('.ant-layout-sider').isVisible()), 'side menu visible on a phone');
          await phonePage.getByTestId('menu-button').click();
          const drawer = phonePage.locator('.ant-drawer-open');
          await drawer.getByRole('menuitem', { name: 'Areas' }).waitFor();
          await drawer.getByRole('menuitem', { name: 'Home' }).click();
          await phonePage.waitForURL((url) => url.pathname === '/');
          await phonePage.getByText('System health').waitFor();
        },
      },
      {
        name: 'community worker registers a household with a member and a tenancy, then ends it',
        async run() {
          assert(browser, 'no browser');
          // On a phone, as community workers use it.
          const context = await browser.newContext({
            viewport: { width: 375, height: 740 },
            isMobile: true,
            hasTouch: true,
            locale: 'zh-CN',
          });
          context.setDefaultTimeout(TIMEOUT);
          const worker = await context.newPage();
          workerPage = worker;
          current = worker;
          await worker.goto(baseUrl + '/');
          await worker.locator('#username').fill('shuiweidai');
          await worker.locator('#password').fill(DEMO_PASSWORD);
          await worker.locator('button[type=submit]').click();
          await worker.getByText('欢迎，水洧埭社区 赵曦').waitFor();

          // The two people come through the API: the test is about households, not the person form.
          const me = (await (await worker.request.get(baseUrl + '/api/auth/me')).json()) as {
            csrfToken: string;
          };
          const found = (await (
            await worker.request.get(baseUrl + '/api/areas/search', {
              params: { q: '水洧埭第1小区', level: 'place' },
            })
          ).json()) as { items: { id: string; name: string }[] };
          const compound = found.items.find((a) => a.name === '水洧埭第1小区');
          assert(compound, 'compound 水洧埭第1小区 not found');
          for (const name of ['端测租客', '端测房东']) {
            const created = await worker.request.post(baseUrl + '/api/people', {
              headers: { 'x-csrf-token': me.csrfToken },
              data: {
                name,
                areaId: compound.id,
                residentType: name === '端测租客' ? 'tenant' : 'registered',
              },
            });
            assert(created.status() === 201, `creating ${name}: HTTP ${created.status()}`);
          }
          const pick = (input: string, text: string) => chooseOption(worker, input, text, { search: true });
          const modalOk = async () => {
            const modal = worker.locator('.ant-modal-wrap').filter({ visible: true }).last();
            await modal.locator('.ant-btn-primary').click();
            await modal.waitFor({ state: 'hidden' });
          };

          await worker.goto(baseUrl + '/people/dwellings');
          await pick('#dwellings-compound', '水洧埭第1小区');
          await worker.getByRole('button', { name: '登记住户' }).first().click();
          await worker.waitForURL(/\/people\/households\/new/);
          await worker
            .locator('form#householdCreate')
            .getByRole('button', { name: /登记房屋/ })
            .click();
          await worker.locator('#dwellingCreate_building').fill('端测楼');
          await worker.locator('#dwellingCreate_room').fill('101');
          await modalOk();
          await worker.locator('form#householdCreate').getByText('端测楼-101').first().waitFor();
          await worker.locator('form#householdCreate button[type=submit]').click();
          await worker.waitForURL(/\/people\/households\/[0-9a-f-]{36}$/);
          await worker.getByText('端测楼-101').first().waitFor();

          await worker.getByRole('button', { name: /添加成员/ }).click();
          await pick('#memberAdd_personId', '端测租客');
          await modalOk();
          await worker.getByRole('link', { name: '端测租客' }).waitFor();

          await worker.getByRole('button', { name: /登记租赁/ }).click();
          await pick('#tenancyCreate_landlordId', '端测房东');
          await worker.locator('#tenancyCreate_startDate').fill('2024-03-01');
          await modalOk();
          await worker.getByRole('link', { name: '端测房东' }).waitFor();
          await worker.getByText('2024-03-01').waitFor();

          await worker.getByRole('button', { name: /结束租赁/ }).click();
          const endDate = worker.locator('#tenancyEndDate');
          await endDate.fill('2024-09-30');
          await endDate.press('Enter');
          await worker
            .locator('.ant-popconfirm')
            .getByRole('button', { name: /确\s*定/ })
            .click();
          await worker.getByText('无进行中的租赁关系').waitFor();
        },
      },
      ...casesE2eCases({
        browser,
        baseUrl,
        password: DEMO_PASSWORD,
        timeout: TIMEOUT,
        show: (p) => {
          current = p;
        },
      }),
      ...caseAdminE2eCases({
        browser,
        baseUrl,
        adminPassword: 'admin-e2e-password',
        timeout: TIMEOUT,
        show: (p) => {
          current = p;
        },
      }),
      ...recordsE2eCases({
        browser,
        baseUrl,
        password: DEMO_PASSWORD,
        timeout: TIMEOUT,
        show: (p) => {
          current = p;
        },
      }),
      ...fieldEntryE2eCases({
        browser,
        baseUrl,
        password: DEMO_PASSWORD,
        timeout: TIMEOUT,
        show: (p) => {
          current = p;
        },
      }),
      ...dashboardE2eCases({
        browser,
        baseUrl,
        password: DEMO_PASSWORD,
        adminPassword: 'admin-e2e-password',
        timeout: TIMEOUT,
        show: (p) => {
          current = p;
        },
      }),
    ];

    // E2E_ONLY=dashboard,field (optional) runs only the cases whose name starts with one of these words.
    const only = (process.env.E2E_ONLY ?? '').split(',').filter(Boolean);
    const chosen = only.length === 0 ? cases : cases.filter((c) => only.some((w) => c.name.startsWith(w)));
    for (const testCase of chosen) {
      try {
        await testCase.run();
        passed += 1;
        console.log(`ok - ${testCase.name}`);
      } catch (error) {
        failed += 1;
        const text = error instanceof Error ? error.message.split('\n')[0] : String(error);
        console.log(`not ok - ${testCase.name}: ${text}`);
      }
      await current
        .screenshot({ path: path.join(artifacts, `${slug(testCase.name)}.png`), fullPage: true })
        .catch(() => undefined);
    }
    await phonePage?.context().close();
    await workerPage?.context().close();
    await desktop.close();
  } catch (error) {
    failed += 1;
    console.log(`not ok - setup: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
