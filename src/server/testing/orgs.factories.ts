import { randomInt } from 'node:crypto';
import type { Db } from '../core/db/client.ts';
import { testPiiCipher } from '../core/crypto/pii.ts';
import type { AreaRow } from '../modules/areas/areas.repo.ts';
import { insertOrg, type OrgRow } from '../modules/orgs/orgs.repo.ts';
import { contactPhoneColumns } from '../modules/orgs/orgs.service.ts';
import { creditCodeWithCheck } from '../../shared/identifiers.ts';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid credit code no other test uses: a Pinghu region code and nine random characters. */
export function randomCreditCode(): string {
  let body = '';
  for (let i = 0; i < 9; i++) body += ALPHABET[randomInt(ALPHABET.length)];
  return creditCodeWithCheck(`91330482${body}`);
}

export function randomMobile(): string {
  return `13${randomInt(10)}${String(randomInt(100_000_000)).padStart(8, '0')}`;
}

/** An organisation stored the way the API stores one (same test PII key as createTestApp). */
export async function createOrg(
  db: Db,
  area: Pick<AreaRow, 'id' | 'path'>,
  options: {
    name?: string;
    kind?: string;
    creditCode?: string | null;
    contactPhone?: string | null;
    aboveScale?: boolean;
    industry?: string | null;
    tags?: string[];
    status?: string;
    statusSince?: string | null;
  } = {},
): Promise<OrgRow> {
  const phone = options.contactPhone === undefined ? randomMobile() : options.contactPhone;
  return insertOrg(db, {
    name: options.name ?? '测试企业有限公司',
    kind: options.kind ?? 'enterprise',
    creditCode: options.creditCode === undefined ? randomCreditCode() : options.creditCode,
    aboveScale: options.aboveScale ?? false,
    industry: options.industry ?? null,
    areaId: area.id,
    areaPath: area.path,
    contactName: '联系人',
    ...contactPhoneColumns(testPiiCipher(), phone),
    tags: options.tags ?? [],
    status: options.status ?? 'operating',
    statusSince: options.statusSince ?? null,
  });
}
