import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import type { Session } from '../../testing/factories.ts';
import {
  SAMPLE_FILES,
  createCaseWorkApp,
  createCaseWorkPeople,
  ownedCase,
  storedFiles,
  type CaseWorkPeople,
} from '../../testing/case-work.factories.ts';
import { MAX_ATTACHMENT_BYTES } from './case-work.rules.ts';
import { caseAttachments, caseEvents } from './cases.tables.ts';

const PDF = 'application/pdf';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describeEachDatabase('case attachments', (database) => {
  let app: App;
  let filesDir: string;
  let p: CaseWorkPeople;
  const db = () => database().db;

  beforeAll(async () => {
    ({ app, filesDir } = await createCaseWorkApp(database()));
    p = await createCaseWorkPeople(app, db());
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(filesDir, { recursive: true, force: true });
  });

  const upload = (
    caseId: string,
    s: Session | undefined,
    bytes: Buffer,
    contentType: string | null,
    query = 'fileName=file.pdf',
  ) =>
    app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/attachments?${query}`,
      headers: { ...(s?.headers ?? {}), ...(contentType === null ? {} : { 'content-type': contentType }) },
      payload: bytes,
    });
  const download = (caseId: string, id: string, s?: Session) =>
    app.inject({ method: 'GET', url: `/api/cases/${caseId}/attachments/${id}`, headers: s?.headers ?? {} });
  const fields = (response: { json(): { error: { details: { field: string }[] } } }) =>
    response.json().error.details.map((d) => d.field);
  const rowsOf = (caseId: string) =>
    db().select().from(caseAttachments).where(eq(caseAttachments.caseId, caseId));

  describe('upload', () => {
    it('401 without a session, 404 out of sight, 403 on a merged case', async () => {
      const c = await ownedCase(db(), p);
      expect((await upload(c.id, undefined, SAMPLE_FILES.pdf, PDF)).statusCode).toBe(401);
      expect((await upload(c.id, p.outsider, SAMPLE_FILES.pdf, PDF)).statusCode).toBe(404);
      expect((await upload(c.id, p.volunteer, SAMPLE_FILES.pdf, PDF)).statusCode).toBe(404);
      expect((await upload(crypto.randomUUID(), p.owner, SAMPLE_FILES.pdf, PDF)).statusCode).toBe(404);
      const merged = await ownedCase(db(), p, { status: 'merged' });
      expect((await upload(merged.id, p.owner, SAMPLE_FILES.pdf, PDF)).statusCode).toBe(403);
      expect(await rowsOf(c.id)).toHaveLength(0);
    });

    it('400 naming file for a renamed .exe, a type not allowed, no type or no bytes; nothing is stored', async () => {
      const c = await ownedCase(db(), p);
      const before = storedFiles(filesDir);
      const cases: [Buffer, string | null][] = [
        [SAMPLE_FILES.exe, PDF], // setup.exe renamed setup.pdf
        [SAMPLE_FILES.exe, 'application/x-msdownload'],
        [SAMPLE_FILES.png, 'image/jpeg'], // a PNG declared as JPEG
        [SAMPLE_FILES.docx, XLSX], // a Word document declared as a workbook
        [Buffer.from('hello'), 'text/plain'],
        [SAMPLE_FILES.pdf, null],
        [Buffer.alloc(0), PDF],
      ];
      for (const [bytes, type] of cases) {
        const response = await upload(c.id, p.owner, bytes, type, 'fileName=setup.pdf');
        expect(response.statusCode, `${type}`).toBe(400);
        expect(fields(response), `${type}`).toEqual(['file']);
      }
      const noName = await upload(c.id, p.owner, SAMPLE_FILES.pdf, PDF, '');
      expect(noName.statusCode).toBe(400);
      expect(fields(noName)).toEqual(['fileName']);
      const badVisibility = await upload(
        c.id,
        p.owner,
        SAMPLE_FILES.pdf,
        PDF,
        'fileName=a.pdf&visibility=secret',
      );
      expect(badVisibility.statusCode).toBe(400);
      expect(fields(badVisibility)).toEqual(['visibility']);
      expect(await rowsOf(c.id)).toHaveLength(0);
      expect(storedFiles(filesDir)).toEqual(before);
    });

    it('413 naming file past 10 MB; exactly 10 MB is accepted', async () => {
      const c = await ownedCase(db(), p);
      const big = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1);
      SAMPLE_FILES.pdf.copy(big);
      const tooBig = await upload(c.id, p.owner, big, PDF);
      expect(tooBig.statusCode).toBe(413);
      expect(tooBig.json().error).toMatchObject({ code: 'file_too_large', details: [{ field: 'file' }] });
      const max = big.subarray(0, MAX_ATTACHMENT_BYTES);
      const ok = await upload(c.id, p.owner, max, PDF);
      expect(ok.statusCode).toBe(201);
      expect(ok.json().sizeBytes).toBe(MAX_ATTACHMENT_BYTES);
    });

    it('when the row cannot be written, the stored file is removed again', async () => {
      const c = await ownedCase(db(), p);
      const before = storedFiles(filesDir);
      await db().execute(sql`
        create or replace function gl_test_refuse_attachment() returns trigger language plpgsql as $$
        begin raise exception 'refused for the test'; end $$`);
      await db().execute(sql`
        create trigger gl_test_refuse_attachment before insert on case_attachments for each row
        when (new.file_name = 'refuse-me.pdf') execute function gl_test_refuse_attachment()`);
      try {
        const response = await upload(c.id, p.owner, SAMPLE_FILES.pdf, PDF, 'fileName=refuse-me.pdf');
        expect(response.statusCode).toBe(500);
      } finally {
        await db().execute(sql`drop trigger gl_test_refuse_attachment on case_attachments`);
      }
      expect(storedFiles(filesDir)).toEqual(before);
      expect(await rowsOf(c.id)).toHaveLength(0);
      const events = await db().select().from(caseEvents).where(eq(caseEvents.caseId, c.id));
      expect(events).toHaveLength(0);
    });
  });

  it('round trip: stored under attachments/<2 hex>/<id>, same bytes and checksum back, safe headers', async () => {
    const c = await ownedCase(db(), p);
    const name = encodeURIComponent('通行证申请表.xlsx');
    const created = await upload(c.id, p.owner, SAMPLE_FILES.xlsx, XLSX, `fileName=${name}`);
    expect(created.statusCode).toBe(201);
    const attachment = created.json();
    const sha256 = createHash('sha256').update(SAMPLE_FILES.xlsx).digest('hex');
    expect(attachment).toMatchObject({
      caseId: c.id,
      fileName: '通行证申请表.xlsx',
      contentType: XLSX,
      sizeBytes: SAMPLE_FILES.xlsx.length,
      sha256,
      visibility: 'internal',
      uploadedBy: { id: p.owner.user.id },
    });
    const onDisk = path.join(filesDir, 'attachments', attachment.id.slice(0, 2), attachment.id);
    expect(fs.readFileSync(onDisk).equals(SAMPLE_FILES.xlsx)).toBe(true);

    const got = await download(c.id, attachment.id, p.owner);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(SAMPLE_FILES.xlsx)).toBe(true);
    expect(createHash('sha256').update(got.rawPayload).digest('hex')).toBe(sha256);
    expect(got.headers['content-type']).toBe(XLSX);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-disposition']).toContain(`filename*=UTF-8''${name}`);
    expect(got.headers['content-disposition']).toMatch(/^attachment; filename="[\x20-\x7e]+"/);

    const [event] = await db().select().from(caseEvents).where(eq(caseEvents.caseId, c.id));
    expect(event).toMatchObject({ kind: 'attachment', visibility: 'internal', body: '通行证申请表.xlsx' });
    expect(event?.data).toMatchObject({ attachmentId: attachment.id, sha256 });
  });

  it('a file name without the right extension gets it; folders in the name are dropped', async () => {
    const c = await ownedCase(db(), p);
    const response = await upload(
      c.id,
      p.owner,
      SAMPLE_FILES.jpeg,
      'image/jpeg',
      'fileName=..%2F..%2F现场照片',
    );
    expect(response.statusCode).toBe(201);
    expect(response.json().fileName).toBe('现场照片.jpg');
  });

  it('requesters attach public files only and download only public ones; strangers get 404', async () => {
    const c = await ownedCase(db(), p);
    const internal = (await upload(c.id, p.owner, SAMPLE_FILES.pdf, PDF, 'fileName=内部研判.pdf')).json();
    const shared = (
      await upload(c.id, p.owner, SAMPLE_FILES.png, 'image/png', 'fileName=回复.png&visibility=public')
    ).json();
    expect(shared.visibility).toBe('public');

    const asInternal = await upload(
      c.id,
      p.enterprise,
      SAMPLE_FILES.pdf,
      PDF,
      'fileName=x.pdf&visibility=internal',
    );
    expect(asInternal.statusCode).toBe(400);
    expect(fields(asInternal)).toEqual(['visibility']);
    const mine = await upload(c.id, p.enterprise, SAMPLE_FILES.jpeg, 'image/jpeg', 'fileName=营业执照.jpg');
    expect(mine.statusCode).toBe(201);
    expect(mine.json().visibility).toBe('public');

    expect((await download(c.id, internal.id, p.enterprise)).statusCode).toBe(404);
    expect((await download(c.id, shared.id, p.enterprise)).statusCode).toBe(200);
    const list = await app.inject({
      method: 'GET',
      url: `/api/cases/${c.id}/attachments`,
      headers: p.enterprise.headers,
    });
    expect(list.statusCode).toBe(200);
    expect(
      list
        .json()
        .items.map((a: { id: string }) => a.id)
        .sort(),
    ).toEqual([shared.id, mine.json().id].sort());
    const staffList = await app.inject({
      method: 'GET',
      url: `/api/cases/${c.id}/attachments`,
      headers: p.bystander.headers,
    });
    expect(staffList.json().items).toHaveLength(3);

    expect((await download(c.id, shared.id)).statusCode).toBe(401);
    expect((await download(c.id, shared.id, p.outsider)).statusCode).toBe(404);
    expect((await download(c.id, shared.id, p.volunteer)).statusCode).toBe(404);
    expect((await download(c.id, crypto.randomUUID(), p.owner)).statusCode).toBe(404);
    // an attachment of another case is not reachable through this one
    const other = await ownedCase(db(), p);
    expect((await download(other.id, shared.id, p.owner)).statusCode).toBe(404);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/api/cases/${c.id}/attachments/not-a-uuid`,
          headers: p.owner.headers,
        })
      ).statusCode,
    ).toBe(400);
  });
});
