// Browser cases for the case admin pages, as the demo administrator: a case type's drawer shows its
// SLA and form preview; the guides list opens a guide; an Open311 key is shown once, then revoked;
// a place's QR code loads; the case types page and drawer fit a 375 px phone.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { check, noSidewaysScroll } from './page-checks.ts';

interface TestCase {
  name: string;
  run(): Promise<void>;
}

interface CaseAdminE2eContext {
  browser: Browser;
  baseUrl: string;
  adminPassword: string;
  timeout: number;
  /** Tells the runner which page to screenshot after each case. */
  show(page: Page): void;
}

export function caseAdminE2eCases(ctx: CaseAdminE2eContext): TestCase[] {
  let admin: BrowserContext | undefined;
  let page: Page | undefined;
  const keyName = `端测对接 ${Date.now().toString(36)}`;
  const signedIn = (): Page => {
    check(page, 'the administrator did not sign in');
    return page;
  };
  return [
    {
      name: 'admin opens a case type and sees its SLA and form preview',
      async run() {
        admin = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
        admin.setDefaultTimeout(ctx.timeout);
        page = await admin.newPage();
        ctx.show(page);
        await page.goto(ctx.baseUrl + '/');
        await page.locator('#username').fill('admin');
        await page.locator('#password').fill(ctx.adminPassword);
        await page.locator('button[type=submit]').click();
        await page.getByText(/欢迎，/).waitFor();

        await page.getByRole('menuitem', { name: '事项类型' }).click();
        await page.waitForURL(/\/case-types$/);
        const row = page.locator('[data-testid=case-type-row]').filter({ hasText: '企业问题诉求' });
        await row.getByText('首次响应 2 工作小时 · 办结 3 工作日').waitFor();
        await row.getByRole('button', { name: /编\s*辑/ }).click();
        const drawer = page.locator('.ant-drawer-open');
        await drawer.getByText('编辑事项类型：企业问题诉求').waitFor();
        const summary = await drawer.locator('[data-testid=sla-summary]').innerText();
        check(summary === '首次响应 2 工作小时 · 办结 3 工作日', `unexpected SLA summary: ${summary}`);
        const first = await drawer.locator('#caseType_sla_firstResponseHours').inputValue();
        check(first === '2', `first response hours: ${first}`);
        // The preview draws the type's own fields with the cases form inputs.
        await drawer.locator('[data-testid=type-preview]').getByText('受影响产值占比（%）').waitFor();
        // A field added in the editor shows up in the preview as it is typed.
        await drawer.getByRole('button', { name: /添加字段/ }).click();
        const added = drawer.locator('[data-testid=field-row]').last();
        await added.locator('input[id$=_key]').fill('e2e_note');
        await added.locator('input[id$=_label_zh]').fill('端测备注');
        await drawer.locator('[data-testid=type-preview]').getByText('端测备注').waitFor();
        await drawer.getByRole('button', { name: /取\s*消/ }).click();
        await drawer.waitFor({ state: 'hidden' });
      },
    },
    {
      name: 'admin opens the guides and reads one',
      async run() {
        const p = signedIn();
        await p.getByRole('menuitem', { name: '办事指南' }).click();
        await p.waitForURL(/\/guides$/);
        const rows = p.locator('[data-testid=guide-row]');
        await rows.first().or(p.locator('[data-testid=guide-list] .ant-empty')).first().waitFor();
        if ((await rows.count()) === 0) return;
        const title = (await rows.first().locator('.ant-list-item-meta-title').innerText()).trim();
        await rows.first().click();
        const reader = p.locator('[data-testid=guide-reader]');
        await reader.waitFor();
        await p.locator('.ant-drawer-open .ant-drawer-title').getByText(title).waitFor();
        await p.locator('.ant-drawer-open .ant-drawer-close').click();
        await reader.waitFor({ state: 'hidden' });
      },
    },
    {
      name: 'admin creates an Open311 key, sees it once, then revokes it',
      async run() {
        const p = signedIn();
        await p.getByRole('menuitem', { name: 'Open311 密钥' }).click();
        await p.waitForURL(/\/open311-keys$/);
        await p.getByRole('button', { name: /新建密钥/ }).click();
        const modal = p.locator('.ant-modal-wrap').filter({ visible: true }).last();
        // Click only once the zoom-in has finished, so the click lands on the button.
        await modal
          .locator('.ant-modal')
          .evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
        await p.locator('#open311Key_name').fill(keyName);
        await modal.locator('.ant-btn-primary').click();
        const shown = p.locator('[data-testid=created-key]');
        const failed = p.locator('.ant-message-error');
        await shown.or(failed).first().waitFor();
        if (await failed.isVisible()) throw new Error(`creating the key failed: ${await failed.innerText()}`);
        const key = (await shown.innerText()).trim();
        check(key.length >= 24, `the key looks too short: ${key}`);
        await p.getByText('密钥只显示这一次').waitFor();
        await p.getByRole('button', { name: '我已保存' }).click();
        await shown.waitFor({ state: 'hidden' });

        const row = p.locator('tr').filter({ hasText: keyName });
        await row.getByText('有效').waitFor();
        const rowText = await row.innerText();
        check(!rowText.includes(key), 'the full key is still on the page');
        check(rowText.includes(key.slice(0, 6)), `the row does not show the key's prefix: ${rowText}`);
        await p
          .waitForFunction((k) => !document.body.innerHTML.includes(k), key, { timeout: 5_000 })
          .catch(() => {
            throw new Error('the full key is still in the page');
          });

        await row.getByRole('button', { name: /吊\s*销/ }).click();
        await p
          .locator('.ant-popconfirm')
          .getByRole('button', { name: /吊\s*销/ })
          .click();
        await row.getByText('已吊销').waitFor();
      },
    },
    {
      name: 'a place shows its QR code with the address it opens',
      async run() {
        const p = signedIn();
        await p.goto(ctx.baseUrl + '/areas');
        await p.getByPlaceholder('搜索区域名称或编码').fill('水洧埭第1小区');
        await p
          .locator('[data-testid=area-search-results] .ant-list-item')
          .filter({ hasText: '水洧埭第1小区' })
          .first()
          .click();
        await p.getByTestId('area-qr-button').click();
        await p.getByTestId('area-qr-image').waitFor();
        await p.waitForFunction(() => {
          const img = document.querySelector<HTMLImageElement>('[data-testid=area-qr-image]');
          return img !== null && img.complete && img.naturalWidth > 0;
        });
        const url = (await p.getByTestId('area-qr-url').innerText()).trim();
        check(/\/r\/[0-9a-f-]{36}$/.test(url), `unexpected QR address: ${url}`);
        const href = await p.getByRole('link', { name: /下载 PNG/ }).getAttribute('href');
        check(href, 'no PNG link');
        const png = await p.request.get(ctx.baseUrl + href);
        check(
          png.status() === 200 && png.headers()['content-type'] === 'image/png',
          `PNG: HTTP ${png.status()}`,
        );
        await p
          .locator('.ant-modal-footer')
          .getByRole('button', { name: /关\s*闭/ })
          .click();
        await p.getByTestId('area-qr-image').waitFor({ state: 'hidden' });
      },
    },
    {
      name: 'case types page and drawer fit a 375 px phone',
      async run() {
        check(admin, 'the administrator did not sign in');
        const phone = await ctx.browser.newContext({
          viewport: { width: 375, height: 812 },
          isMobile: true,
          hasTouch: true,
          locale: 'zh-CN',
          storageState: await admin.storageState(),
        });
        phone.setDefaultTimeout(ctx.timeout);
        const p = await phone.newPage();
        ctx.show(p);
        try {
          await p.goto(ctx.baseUrl + '/case-types');
          const row = p.locator('[data-testid=case-type-row]').filter({ hasText: '企业问题诉求' });
          await row.waitFor();
          await noSidewaysScroll(p, 'the case types list');
          await row.getByRole('button', { name: /编\s*辑/ }).click();
          await p.locator('.ant-drawer-open [data-testid=sla-summary]').waitFor();
          await noSidewaysScroll(p, 'the case type drawer');
          const body = await p
            .locator('.ant-drawer-open .ant-drawer-body')
            .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
          check(body.scroll <= body.client, `the drawer scrolls sideways: ${body.scroll} > ${body.client}`);
        } finally {
          await admin.close();
        }
      },
    },
  ];
}
