// TODO(open311): temporary stand-in until cases-core exports createPublicCase from cases.service.ts;
// then this file becomes a re-export. It files the case the simplest way: submitted, unowned,
// handled by the type's default department, with a public "created" event.
import { eq } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import type { PiiCipher } from '../../core/crypto/pii.ts';
import { maskPhone } from '../../../shared/identifiers.ts';
import { caseCodeOf } from '../cases/case-work.rules.ts';
import { caseEvents, caseTypes, cases } from '../cases/cases.tables.ts';

export interface PublicCaseInput {
  typeCode: string;
  title: string;
  description: string;
  areaPath: string;
  address?: string;
  lat?: number;
  lon?: number;
  requesterName: string;
  requesterPhone: string;
  source: 'resident_qr' | 'open311';
  open311Token?: string;
}

export async function createPublicCase(
  db: Db,
  pii: PiiCipher,
  input: PublicCaseInput,
): Promise<{ id: string; number: number; code: string }> {
  const [type] = await db.select().from(caseTypes).where(eq(caseTypes.code, input.typeCode)).limit(1);
  if (!type) throw new Error(`unknown case type ${input.typeCode}`);
  const phone = input.requesterPhone;
  const [row] = await db
    .insert(cases)
    .values({
      regionCode: input.areaPath.split('.')[0] ?? input.areaPath,
      typeId: type.id,
      typeCode: type.code,
      status: 'submitted',
      title: input.title,
      description: input.description,
      areaPath: input.areaPath,
      address: input.address ?? null,
      lat: input.lat ?? null,
      lon: input.lon ?? null,
      source: input.source,
      requesterName: input.requesterName,
      requesterPhoneEnc: phone ? pii.encrypt(phone) : null,
      requesterPhoneHash: phone ? pii.lookupHash(phone) : null,
      requesterPhoneMasked: phone ? maskPhone(phone) : null,
      handlingDepartmentCode: type.defaultDepartmentCode,
      open311Token: input.open311Token ?? null,
    })
    .returning({ id: cases.id, number: cases.number });
  if (!row) throw new Error('case not inserted');
  await db.insert(caseEvents).values({
    caseId: row.id,
    kind: 'created',
    visibility: 'public',
    toStatus: 'submitted',
    actorName: input.requesterName,
  });
  return { id: row.id, number: row.number, code: caseCodeOf(row.number) };
}
