import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { serviceContext, type ModuleOptions } from '../../core/request-context.ts';
import { temporaryFileStore } from '../../core/storage/file-store.ts';
import { rawUploadParser } from '../../core/storage/raw-upload-parser.ts';
import {
  AcceptHandoverBody,
  Attachment,
  AttachmentList,
  AttachmentParams,
  CaseParams,
  CaseTask,
  CloseTaskBody,
  CompleteTaskBody,
  CreateGuideBody,
  DeclineHandoverBody,
  Guide,
  GuidePage,
  GuideParams,
  GuideQuery,
  Handover,
  HandoverBody,
  HandoverParams,
  OpenTaskBody,
  TaskListQuery,
  TaskPage,
  TaskParams,
  UpdateGuideBody,
  UploadQuery,
} from './case-work.schema.ts';
import * as service from './case-work.service.ts';
import {
  ATTACHMENT_TYPES,
  MAX_ATTACHMENT_BYTES,
  baseContentType,
  contentDisposition,
} from './case-work.rules.ts';

// Handovers, coordination tasks, guides and attachments: registered by casesRoutes.
export const caseWorkRoutes: FastifyPluginAsync<ModuleOptions> = async (plain, opts) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = (request: FastifyRequest): service.CaseWorkContext => serviceContext(request, opts);
  const files = opts.files ?? temporaryFileStore();
  const read = { access: 'cases:read' as const };
  const handle = { access: 'cases:handle' as const };
  // Requesters (enterprise users, cases:submit only) see and attach to their own cases too; the
  // service decides per case with canSeeCase, so these routes are open to every signed-in user.
  const anyone = { access: 'authenticated' as const };
  const tags = ['cases'];
  const guideTags = ['guides'];

  // ── handovers ──
  app.post(
    '/cases/:id/handovers',
    {
      config: handle,
      schema: {
        tags,
        summary: 'Hand a case over: the owner asks (pending), or a supervisor orders it (moves at once)',
        params: CaseParams,
        body: HandoverBody,
        response: { 201: Handover },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.requestHandover(ctx(request), request.params.id, request.body)),
  );

  app.post(
    '/cases/:id/handovers/:handoverId/accept',
    {
      config: handle,
      schema: {
        tags,
        summary: 'Accept a handover addressed to me: I become the owner',
        params: HandoverParams,
        body: AcceptHandoverBody,
        response: { 200: Handover },
      },
    },
    (request) =>
      service.decideHandover(ctx(request), request.params.id, request.params.handoverId, { accept: true }),
  );

  app.post(
    '/cases/:id/handovers/:handoverId/decline',
    {
      config: handle,
      schema: {
        tags,
        summary: 'Decline a handover addressed to me, with a reason',
        params: HandoverParams,
        body: DeclineHandoverBody,
        response: { 200: Handover },
      },
    },
    (request) =>
      service.decideHandover(ctx(request), request.params.id, request.params.handoverId, {
        accept: false,
        reason: request.body.reason,
      }),
  );

  // ── coordination tasks ──
  app.post(
    '/cases/:id/tasks',
    {
      config: handle,
      schema: {
        tags,
        summary: 'Open a coordination task straight to a department or another district’s contact',
        params: CaseParams,
        body: OpenTaskBody,
        response: { 201: CaseTask },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.openTask(ctx(request), request.params.id, request.body)),
  );

  app.post(
    '/cases/:id/tasks/:taskId/complete',
    {
      config: handle,
      schema: {
        tags,
        summary: 'Complete a task with its result (the assignee department; the owner for a region task)',
        params: TaskParams,
        body: CompleteTaskBody,
        response: { 200: CaseTask },
      },
    },
    (request) =>
      service.finishTask(ctx(request), request.params.id, request.params.taskId, {
        kind: 'complete',
        result: request.body.result,
      }),
  );

  app.post(
    '/cases/:id/tasks/:taskId/close',
    {
      config: handle,
      schema: {
        tags,
        summary: 'Close an open task without a result (the owner, with a reason)',
        params: TaskParams,
        body: CloseTaskBody,
        response: { 200: CaseTask },
      },
    },
    (request) =>
      service.finishTask(ctx(request), request.params.id, request.params.taskId, {
        kind: 'close',
        reason: request.body.reason,
      }),
  );

  app.get(
    '/case-tasks',
    {
      config: read,
      schema: {
        tags,
        summary: 'Tasks sent to my department (or on cases I own), with their case; keyset pages',
        querystring: TaskListQuery,
        response: { 200: TaskPage },
      },
    },
    (request) => service.listTasks(ctx(request), request.query),
  );

  // ── guides ──
  app.get(
    '/guides',
    {
      config: anyone,
      schema: {
        tags: guideTags,
        summary: 'Guides for my area by text, case type and category; newest first, keyset pages',
        querystring: GuideQuery,
        response: { 200: GuidePage },
      },
    },
    (request) => service.listGuides(ctx(request), request.query),
  );

  app.get(
    '/guides/:id',
    {
      config: anyone,
      schema: { tags: guideTags, summary: 'One guide', params: GuideParams, response: { 200: Guide } },
    },
    (request) => service.getGuide(ctx(request), request.params.id),
  );

  app.post(
    '/guides',
    {
      config: handle,
      schema: {
        tags: guideTags,
        summary: 'Write a guide for later similar cases',
        body: CreateGuideBody,
        response: { 201: Guide },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createGuide(ctx(request), request.body)),
  );

  app.patch(
    '/guides/:id',
    {
      config: handle,
      schema: {
        tags: guideTags,
        summary: 'Change a guide (its author, or cases:admin in its area; optimistic version)',
        params: GuideParams,
        body: UpdateGuideBody,
        response: { 200: Guide },
      },
    },
    (request) => service.updateGuide(ctx(request), request.params.id, request.body),
  );

  // ── attachments ──
  app.get(
    '/cases/:id/attachments',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'Files on a case (requesters see public ones only)',
        params: CaseParams,
        response: { 200: AttachmentList },
      },
    },
    (request) => service.listAttachments(ctx(request), request.params.id),
  );

  app.get(
    '/cases/:id/attachments/:attachmentId',
    {
      config: anyone,
      schema: { tags, summary: 'Download one file of a case', params: AttachmentParams },
    },
    async (request, reply) => {
      const { attachment, stream } = await service.openAttachment(
        ctx(request),
        files,
        request.params.id,
        request.params.attachmentId,
      );
      return reply
        .header('content-type', attachment.contentType)
        .header('content-length', String(attachment.sizeBytes))
        .header('content-disposition', contentDisposition(attachment.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(stream);
    },
  );

  // The upload gets a plugin of its own: its raw-body parser must not reach the JSON routes above.
  await app.register(async (plainUploads) => {
    const uploads = plainUploads.withTypeProvider<TypeBoxTypeProvider>();
    rawUploadParser(uploads, MAX_ATTACHMENT_BYTES);
    uploads.post(
      '/cases/:id/attachments',
      {
        config: anyone,
        bodyLimit: MAX_ATTACHMENT_BYTES + 1,
        schema: {
          tags,
          summary:
            'Attach a file (raw body; JPEG, PNG, PDF, xlsx or docx; at most 10 MB; type checked by content)',
          consumes: [...ATTACHMENT_TYPES],
          params: CaseParams,
          querystring: UploadQuery,
          response: { 201: Attachment },
        },
      },
      async (request, reply) => {
        const bytes = Buffer.isBuffer(request.body) ? request.body : new Uint8Array();
        const attachment = await service.uploadAttachment(ctx(request), files, request.params.id, {
          fileName: request.query.fileName,
          ...(request.query.visibility === undefined ? {} : { visibility: request.query.visibility }),
          contentType: baseContentType(request.headers['content-type']),
          bytes,
        });
        return reply.status(201).send(attachment);
      },
    );
  });
};
