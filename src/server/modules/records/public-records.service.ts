import { recordAudit } from '../../core/audit/audit.ts';
import { AppError, fieldError, notFound } from '../../core/errors.ts';
import { maskPhone } from '../../../shared/identifiers.ts';
import type { PublicContext } from '../open311/public-requests.service.ts';
import { getPlace, verifyPhoneCode } from '../open311/public-requests.service.ts';
import { consumeCode } from '../open311/public-requests.repo.ts';
import { residentMobile } from '../open311/verification.rules.ts';
import * as repo from './records.repo.ts';
import { currentVersions } from './records.rules.ts';
import { presentForm, submitOne } from './records.service.ts';
import type { PublicRecordInput } from './public-records.schema.ts';

/**
 * Residents report through a place's QR code. The record is about the resident: the person registered
 * with that phone under the place's parent area (the grid or community the compound or checkpoint hangs
 * off), so the record lands in the same history and compliance list as a grid worker's entry would.
 * A phone not registered there is refused ("not registered here"): residents are registered by staff,
 * never created by a QR form.
 */
const PUBLIC_CHANNEL = 'public';

export async function getRecordPlace(ctx: Pick<PublicContext, 'db'>, areaId: string) {
  const place = await getPlace(ctx.db, areaId);
  const forms = [...currentVersions(await repo.listFormRows(ctx.db)).values()].filter((f) =>
    f.channels.includes(PUBLIC_CHANNEL),
  );
  return { place: { id: place.id, name: place.name, trail: place.trail }, forms: forms.map(presentForm) };
}

const notRegistered = (): AppError =>
  new AppError('not_found', [
    {
      field: 'phone',
      reason: {
        zh: '该手机号未在此登记，请联系社区工作人员',
        en: 'this phone is not registered here; contact the community staff',
      },
    },
  ]);

export async function submitPublicRecord(
  ctx: PublicContext,
  areaId: string,
  input: PublicRecordInput,
  now = new Date(),
) {
  const phone = residentMobile(input.phone);
  if (!phone) throw fieldError('phone', '请输入 11 位手机号码', 'enter an 11-digit mobile number');
  const place = await getPlace(ctx.db, areaId);
  const placePath = await repo.findAreaPath(ctx.db, place.id);
  if (!placePath) throw notFound();
  const forms = currentVersions(await repo.findFormVersions(ctx.db, [input.formKey]));
  const form = forms.get(input.formKey);
  if (!form || !form.channels.includes(PUBLIC_CHANNEL) || form.subjectKind !== 'person')
    throw fieldError('formKey', '此表单不能扫码填报', 'cannot be filled in through a QR code');
  const within = placePath.includes('.') ? placePath.slice(0, placePath.lastIndexOf('.')) : placePath;
  const matches = await repo.findPeopleByPhoneHash(ctx.db, ctx.pii.lookupHash(phone), within);
  const named = input.name ? matches.filter((p) => p.name === input.name?.trim()) : matches;
  const person = named.length === 1 ? named[0] : matches.length === 1 && !input.name ? matches[0] : undefined;
  if (!person) throw notRegistered();

  // The code sent by POST /api/public/verification-codes, judged as the request form judges it.
  const stored = await verifyPhoneCode(ctx, phone, input.code, now);
  const { created, record } = await submitOne(
    { db: ctx.db, actor: null },
    {
      key: input.key,
      formKey: input.formKey,
      subject: { kind: 'person', id: person.id },
      values: input.values,
      ...(input.observedAt ? { observedAt: input.observedAt } : {}),
    },
    PUBLIC_CHANNEL,
    null,
    now,
    () => true,
  );
  if (created) {
    await ctx.db.transaction(async (tx) => {
      await consumeCode(tx, stored, now);
      await recordAudit(tx, ctx.who, {
        action: 'record.public_submit',
        entityType: 'record',
        entityId: record.id,
        areaPath: record.areaPath,
        after: { formKey: record.formKey, placeId: place.id, phoneMasked: maskPhone(phone) },
      });
    });
  }
  return {
    recordId: record.recordId,
    day: record.day,
    formKey: record.formKey,
    formName: record.formName,
    replayed: !created,
  };
}
