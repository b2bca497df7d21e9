// Browser cases for the case pages: a liaison files a case, accepts it, comments and resolves it on
// a desktop; the inbox and the case page fit a 375 px phone without sideways scrolling.
import type { Browser, Page } from 'playwright-core';
import { chooseOption } from './select-option.ts';
import { check, noSidewaysScroll, signIn } from './page-checks.ts';

interface TestCase {
  name: string;
  run(): Promise<void>;
}

interface CasesE2eContext {
  browser: Browser;
  baseUrl: string;
  password: string;
  timeout: number;
  /** Tells the runner which page to screenshot after each case. */
  show(page: Page): void;
}

export function casesE2eCases(ctx: CasesE2eContext): TestCase[] {
  const title = `端测诉求 ${Date.now().toString(36)}`;
  let liaison: Page | undefined;
  let caseUrl = '';
  return [
    {
      name: 'liaison files a case, accepts it, comments and resolves it',
      async run() {
        const context = await ctx.browser.newContext({
          viewport: { width: 1280, height: 800 },
          locale: 'zh-CN',
        });
        context.setDefaultTimeout(ctx.timeout);
        const page = await context.newPage();
        liaison = page;
        ctx.show(page);
        await signIn(page, ctx.baseUrl, 'gumingjie', ctx.password);

        await page.getByRole('menuitem', { name: '案件' }).click();
        await page.waitForURL(/\/cases/);
        await page.locator('[data-testid=case-views]').getByText('全部').click();
        await page.getByRole('button', { name: /新\s*建/ }).click();
        await page.waitForURL(/\/cases\/new/);

        await chooseOption(page, '#caseCreate_typeCode', '居民服务诉求');
        await page.locator('#caseCreate_title').fill(title);
        await page.locator('#caseCreate_description').fill('小区门口路灯不亮已一周，居民夜间出行不便。');
        await page.locator('[data-testid=similar-panel]').waitFor();
        await page.locator('form#caseCreate button[type=submit]').click();
        await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
        caseUrl = page.url();
        await page.getByRole('heading', { name: title }).waitFor();
        const code = await page.locator('[data-testid=case-code]').innerText();
        check(/^GL-\d+/.test(code.trim()), `unexpected case code: ${code}`);

        const accept = page.locator('[data-testid=case-actions]').getByRole('button', { name: /^受\s*理$/ });
        if (await accept.isVisible()) {
          await accept.click();
          await page
            .locator('.ant-popconfirm')
            .getByRole('button', { name: /确\s*定|OK/ })
            .click();
          await page.locator('[data-testid=case-status]').filter({ hasText: '已受理' }).first().waitFor();
        }

        await page.locator('[data-testid=comment-input]').fill('已联系物业，明日上午维修。');
        await page.locator('[data-testid=comment-send]').click();
        await page.locator('[data-testid=case-timeline]').getByText('已联系物业，明日上午维修。').waitFor();

        await page
          .locator('[data-testid=case-actions]')
          .getByRole('button', { name: /^办\s*结$/ })
          .click();
        await page.locator('#caseAction_resolution').fill('路灯已更换，经回访居民确认恢复照明。');
        const modal = page.locator('.ant-modal-wrap').filter({ visible: true }).last();
        await modal.locator('.ant-btn-primary').click();
        await modal.waitFor({ state: 'hidden' });
        await page.locator('[data-testid=case-status]').filter({ hasText: '已办结' }).first().waitFor();
        await page.getByText('路灯已更换，经回访居民确认恢复照明。').first().waitFor();
      },
    },
    {
      name: 'case inbox and case page fit a 375 px phone',
      async run() {
        check(liaison, 'the liaison did not sign in');
        const phone = await ctx.browser.newContext({
          viewport: { width: 375, height: 812 },
          isMobile: true,
          hasTouch: true,
          locale: 'zh-CN',
          storageState: await liaison.context().storageState(),
        });
        phone.setDefaultTimeout(ctx.timeout);
        const page = await phone.newPage();
        ctx.show(page);
        await page.goto(ctx.baseUrl + '/cases?view=all');
        await page.locator('[data-testid=case-row]').filter({ hasText: title }).first().waitFor();
        await page.waitForLoadState('networkidle');
        await noSidewaysScroll(page, 'the inbox');
        check(caseUrl, 'no case was created');
        await page.goto(caseUrl);
        await page.locator('[data-testid=case-timeline]').waitFor();
        await page.waitForLoadState('networkidle');
        await noSidewaysScroll(page, 'the case page');
        await liaison.context().close();
      },
    },
  ];
}
