import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { rawUploadParser } from '../../core/storage/raw-upload-parser.ts';
import { requestLocale } from '../../core/errors.ts';
import { serviceContext, type ModuleOptions } from '../../core/request-context.ts';
import {
  BatchBody,
  BatchResult,
  CorrectionBody,
  CreateFormBody,
  FormDto,
  FormList,
  FormParams,
  NewFormVersionBody,
  PatchFormBody,
  PhotoCreated,
  PhotoParams,
  RecordDetail,
  RecordDto,
  RecordExportQuery,
  RecordPage,
  RecordParams,
  RecordQuery,
  SubjectList,
  SubjectQuery,
  SubmitRecordBody,
} from './records.schema.ts';
import * as service from './records.service.ts';
import { baseContentType, MAX_ATTACHMENT_BYTES } from '../cases/case-work.rules.ts';

/** A full batch of long enterprise reports is a few MB; the app's default limit is 1 MB. */
const BATCH_BODY_LIMIT = 8 * 1024 * 1024;

/** Forms, record submission, batch ingest, corrections, lists (owner: records core). */
export const recordsRoutes: FastifyPluginAsync<ModuleOptions> = async (plain, opts) => {
  await plain.register(recordPhotosRoutes, opts);
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = (request: Parameters<typeof serviceContext>[0]) => serviceContext(request, opts);
  const formTags = ['record forms'];
  const tags = ['records'];
  const admin = { access: 'records:admin' as const };
  const submit = { access: 'records:submit' as const };
  const read = { access: 'records:read' as const };

  app.get(
    '/record-forms',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: formTags,
        summary: 'The current version of every active form',
        response: { 200: FormList },
      },
    },
    (request) => service.listForms(ctx(request)),
  );

  app.get(
    '/record-forms/:key',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: formTags,
        summary: 'The current version of one active form',
        params: FormParams,
        response: { 200: FormDto },
      },
    },
    (request) => service.getForm(ctx(request), request.params.key),
  );

  app.get(
    '/record-forms/:key/versions',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: formTags,
        summary: 'Every version of a form, oldest first (records name the version they were made under)',
        params: FormParams,
        response: { 200: FormList },
      },
    },
    (request) => service.listFormVersions(ctx(request), request.params.key),
  );

  app.post(
    '/record-forms',
    {
      config: admin,
      schema: {
        tags: formTags,
        summary: 'Create a form (version 1)',
        body: CreateFormBody,
        response: { 201: FormDto },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createForm(ctx(request), request.body)),
  );

  app.post(
    '/record-forms/:key/versions',
    {
      config: admin,
      schema: {
        tags: formTags,
        summary: 'A new version of a form; records under earlier versions keep theirs and stay valid',
        params: FormParams,
        body: NewFormVersionBody,
        response: { 201: FormDto },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createFormVersion(ctx(request), request.params.key, request.body)),
  );

  app.patch(
    '/record-forms/:key',
    {
      config: admin,
      schema: {
        tags: formTags,
        summary: 'Switch a form on or off (an inactive form takes no new records)',
        params: FormParams,
        body: PatchFormBody,
        response: { 200: FormDto },
      },
    },
    (request) => service.setFormActive(ctx(request), request.params.key, request.body.active),
  );

  app.post(
    '/records',
    {
      config: submit,
      schema: {
        tags,
        summary:
          'Submit one record; a replay of the same key on the same day answers 200 with the stored record and replayed: true',
        body: SubmitRecordBody,
        response: { 200: RecordDto, 201: RecordDto },
      },
    },
    async (request, reply) => {
      const { created, record } = await service.submitRecord(ctx(request), request.body);
      return reply.status(created ? 201 : 200).send(record);
    },
  );

  app.post(
    '/records/batch',
    {
      config: submit,
      bodyLimit: BATCH_BODY_LIMIT,
      schema: {
        tags,
        summary:
          'Submit up to 1,000 records at once: valid items are stored, each item reports created, duplicate, invalid or not_found',
        body: BatchBody,
        response: { 200: BatchResult },
      },
    },
    (request) => service.submitBatch(ctx(request), request.body),
  );

  app.post(
    '/records/:recordId/corrections',
    {
      config: submit,
      schema: {
        tags,
        summary: 'Correct a record: a new revision, the earlier one kept; 409 when expectedRevision is stale',
        params: RecordParams,
        body: CorrectionBody,
        response: { 200: RecordDto, 201: RecordDto },
      },
    },
    async (request, reply) => {
      const { created, record } = await service.correctRecord(
        ctx(request),
        request.params.recordId,
        request.body,
      );
      return reply.status(created ? 201 : 200).send(record);
    },
  );

  app.get(
    '/records',
    {
      config: read,
      schema: {
        tags,
        summary: 'Current revisions in the caller’s area, newest observation first; keyset pages',
        querystring: RecordQuery,
        response: { 200: RecordPage },
      },
    },
    (request) => service.listRecords(ctx(request), request.query),
  );

  app.get(
    '/records.xlsx',
    {
      config: read,
      schema: {
        tags,
        summary: 'The filtered records as xlsx (one column per field when one form is asked for)',
        querystring: RecordExportQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    (request, reply) => service.exportRecords(ctx(request), request.query, reply, requestLocale(request)),
  );

  app.get(
    '/records/:recordId',
    {
      config: read,
      schema: {
        tags,
        summary: 'One record with all its revisions, newest first',
        params: RecordParams,
        response: { 200: RecordDetail },
      },
    },
    (request) => service.getRecord(ctx(request), request.params.recordId),
  );

  app.get(
    '/record-subjects',
    {
      config: submit,
      schema: {
        tags,
        summary: 'Subjects the caller may record for (entry screens’ pickers), by kind and name',
        querystring: SubjectQuery,
        response: { 200: SubjectList },
      },
    },
    (request) => service.listSubjects(ctx(request), request.query),
  );
};

/**
 * Photo uploads take a raw image body, so they live in a plugin of their own: its body parser must not
 * reach the JSON routes. The type is checked against the bytes by the case attachments' rule.
 */
export const recordPhotosRoutes: FastifyPluginAsync<ModuleOptions> = async (plain, opts) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const files = opts.files;
  if (!files) throw new Error('record photos need a file store');
  const ctx = (request: Parameters<typeof serviceContext>[0]) => serviceContext(request, opts);
  const tags = ['records'];

  app.get(
    '/record-photos/:id',
    {
      config: { access: 'records:read' },
      schema: { tags, summary: 'A photo attached to a record form', params: PhotoParams },
    },
    async (request, reply) => {
      const photo = await service.openPhoto(ctx(request), files, request.params.id);
      return reply
        .header('content-type', photo.contentType)
        .header('content-length', String(photo.sizeBytes))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, max-age=86400, immutable')
        .send(photo.stream);
    },
  );

  await app.register(async (plainUploads) => {
    const uploads = plainUploads.withTypeProvider<TypeBoxTypeProvider>();
    rawUploadParser(uploads, MAX_ATTACHMENT_BYTES);
    uploads.post(
      '/record-photos',
      {
        config: { access: 'records:submit' },
        bodyLimit: MAX_ATTACHMENT_BYTES + 1,
        schema: {
          tags,
          summary:
            'Upload a photo for a record form (raw JPEG or PNG body, at most 10 MB, checked by content)',
          consumes: ['image/jpeg', 'image/png'],
          response: { 201: PhotoCreated },
        },
      },
      async (request, reply) => {
        const bytes = Buffer.isBuffer(request.body) ? request.body : new Uint8Array();
        const created = await service.uploadPhoto(ctx(request), files, {
          contentType: baseContentType(request.headers['content-type']),
          bytes,
        });
        return reply.status(201).send(created);
      },
    );
  });
};
