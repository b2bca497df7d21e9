import { randomBytes, randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db, Database } from '../core/db/client.ts';
import { testPiiCipher } from '../core/crypto/pii.ts';
import type { CodeSender } from '../core/sms/code-sender.ts';
import type { FieldSpec } from '../../shared/form-fields.ts';
import { buildApp, type App } from '../app.ts';
import { caseTypes, cases } from '../modules/cases/cases.tables.ts';

/** A sender that keeps the messages, so a test can read the code a resident would receive. */
export function capturingSender(): CodeSender & {
  sent: { phone: string; text: string }[];
  lastCode(phone: string): string;
} {
  const sent: { phone: string; text: string }[] = [];
  return {
    sent,
    send(phone, text) {
      sent.push({ phone, text });
      return Promise.resolve();
    },
    lastCode(phone) {
      const message = sent.filter((m) => m.phone === phone).at(-1);
      const code = message ? /\d{6}/.exec(message.text)?.[0] : undefined;
      if (!code) throw new Error(`no code sent to ${phone}`);
      return code;
    },
  };
}

export function createOpen311TestApp(database: Database, codeSender: CodeSender): Promise<App> {
  return buildApp({ database, pii: testPiiCipher(), logLevel: 'silent', codeSender });
}

/** A random mobile number no other test uses. */
export const randomMobile = (): string => `139${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;

/** A case type residents may file (and, unless told otherwise, published to Open311 under a random code). */
export async function createPublicCaseType(
  db: Db,
  options: { open311?: boolean; publicForm?: boolean; fields?: FieldSpec[]; active?: boolean } = {},
) {
  const suffix = randomBytes(4).toString('hex');
  const [row] = await db
    .insert(caseTypes)
    .values({
      code: `resident_test_${suffix}`,
      nameZh: `居民诉求 ${suffix}`,
      nameEn: `Resident request ${suffix}`,
      descriptionZh: '居民扫码提交的诉求',
      descriptionEn: 'Requests residents file by QR code',
      subjectKind: 'area',
      fields: options.fields ?? [],
      categories: [],
      sla: {
        basis: 'calendar',
        firstResponseHours: 24,
        updateIntervalHours: 24,
        resolutionHours: 72,
        warnAtShare: 0.8,
      },
      submitters: options.publicForm === false ? ['staff'] : ['staff', 'public'],
      open311Code: options.open311 === false ? null : `svc_${suffix}`,
      active: options.active ?? true,
    })
    .returning();
  if (!row) throw new Error('case type not inserted');
  return row;
}

/** Moves a case to a status directly (the lifecycle itself is tested by the cases module). */
export async function setCaseStatus(
  db: Db,
  number: number,
  status: string,
  resolution?: string,
): Promise<void> {
  await db
    .update(cases)
    .set({ status, resolution: resolution ?? null })
    .where(eq(cases.number, number));
}
