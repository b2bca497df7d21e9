import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { sendTable } from '../../core/spreadsheet/export.ts';
import {
  AddMemberBody,
  AreaParams,
  Assignment,
  AssignmentList,
  BulkApplied,
  BulkApplyBody,
  BulkBody,
  BulkPreview,
  CoverageBody,
  CoverageGaps,
  CoverageQuery,
  CreateDepartmentBody,
  CreateStaffBody,
  CreateTeamBody,
  Department,
  DepartmentList,
  DepartmentQuery,
  EndAssignmentBody,
  EndMemberBody,
  IdParams,
  LiaisonBody,
  LiaisonResult,
  MyEnterprises,
  OrgParams,
  Staff,
  StaffExportQuery,
  StaffLoginList,
  StaffLoginQuery,
  StaffPage,
  StaffQuery,
  StaffReveal,
  Team,
  TeamDetail,
  TeamDetailQuery,
  TeamList,
  TeamMember,
  TeamQuery,
  UpdateDepartmentBody,
  UpdateStaffBody,
  UpdateTeamBody,
  WorkerBody,
} from './staff.schema.ts';
import * as service from './staff.service.ts';
import { serviceContext, type ModuleOptions } from '../../core/request-context.ts';

export type StaffRouteOptions = ModuleOptions;

export const staffRoutes: FastifyPluginAsync<StaffRouteOptions> = async (plain, opts) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = (request: FastifyRequest): service.StaffContext => serviceContext(request, opts);
  const read = { access: 'staff:read' as const };
  const manage = { access: 'staff:manage' as const };
  const assign = { access: 'assignments:manage' as const };
  const staffTags = ['staff'];
  const assignmentTags = ['assignments'];

  // ── departments ──
  app.get(
    '/departments',
    {
      config: read,
      schema: {
        tags: staffTags,
        summary: 'Departments serving the caller’s area',
        querystring: DepartmentQuery,
        response: { 200: DepartmentList },
      },
    },
    (request) => service.listDepartments(ctx(request), request.query.includeInactive ?? false),
  );

  app.post(
    '/departments',
    {
      config: manage,
      schema: {
        tags: staffTags,
        summary: 'Create a department',
        body: CreateDepartmentBody,
        response: { 201: Department },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createDepartment(ctx(request), request.body)),
  );

  app.patch(
    '/departments/:id',
    {
      config: manage,
      schema: {
        tags: staffTags,
        summary: 'Rename, reorder or deactivate a department',
        params: IdParams,
        body: UpdateDepartmentBody,
        response: { 200: Department },
      },
    },
    (request) => service.updateDepartment(ctx(request), request.params.id, request.body),
  );

  // ── staff ──
  app.get(
    '/staff',
    {
      config: read,
      schema: {
        tags: staffTags,
        summary: 'Staff by name fragment or exact phone, department, team; keyset pages',
        querystring: StaffQuery,
        response: { 200: StaffPage },
      },
    },
    (request) => service.listStaff(ctx(request), request.query),
  );

  app.get(
    '/staff/export',
    {
      config: read,
      schema: {
        tags: staffTags,
        summary: 'The filtered staff list as xlsx or CSV (phones masked)',
        querystring: StaffExportQuery,
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query;
      const rows = await service.exportStaff(ctx(request), filter);
      return sendTable(reply, {
        format: format ?? 'xlsx',
        fileName: '人员名单',
        columns: [
          { header: '姓名', value: (r) => r.name, width: 12 },
          { header: '电话', value: (r) => r.phoneMasked, width: 16 },
          { header: '部门', value: (r) => r.departmentName, width: 20 },
          { header: '职务', value: (r) => r.title, width: 16 },
          { header: '所在区域', value: (r) => r.areaName, width: 20 },
          { header: '状态', value: (r) => (r.active ? '在岗' : '停用'), width: 8 },
        ],
        rows,
      });
    },
  );

  app.get(
    '/staff/logins',
    {
      config: manage,
      schema: {
        tags: staffTags,
        summary: 'Logins in the caller’s scope not yet linked to another staff member, by username or name',
        querystring: StaffLoginQuery,
        response: { 200: StaffLoginList },
      },
    },
    (request) => service.listLinkableLogins(ctx(request), request.query),
  );

  app.get(
    '/staff/:id',
    {
      config: read,
      schema: { tags: staffTags, summary: 'One staff member', params: IdParams, response: { 200: Staff } },
    },
    (request) => service.getStaff(ctx(request), request.params.id),
  );

  app.post(
    '/staff/:id/reveal',
    {
      config: { access: 'pii:read' as const },
      schema: {
        tags: staffTags,
        summary: 'The clear phone of one staff member; every call is audited',
        params: IdParams,
        response: { 200: StaffReveal },
      },
    },
    (request) => service.revealStaffPhone(ctx(request), request.params.id),
  );

  app.post(
    '/staff',
    {
      config: manage,
      schema: {
        tags: staffTags,
        summary: 'Register a staff member',
        body: CreateStaffBody,
        response: { 201: Staff },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createStaff(ctx(request), request.body)),
  );

  app.patch(
    '/staff/:id',
    {
      config: manage,
      schema: {
        tags: staffTags,
        summary: 'Change a staff member (optimistic version)',
        params: IdParams,
        body: UpdateStaffBody,
        response: { 200: Staff },
      },
    },
    (request) => service.updateStaff(ctx(request), request.params.id, request.body),
  );

  // ── teams ──
  app.get(
    '/teams',
    {
      config: read,
      schema: {
        tags: staffTags,
        summary: 'Teams in the caller’s scope (the client builds the tree from parentTeamId)',
        querystring: TeamQuery,
        response: { 200: TeamList },
      },
    },
    (request) => service.listTeams(ctx(request), request.query),
  );

  app.get(
    '/teams/:id',
    {
      config: read,
      schema: {
        tags: staffTags,
        summary: 'A team with its members, parent, child teams and coverage',
        params: IdParams,
        querystring: TeamDetailQuery,
        response: { 200: TeamDetail },
      },
    },
    (request) => service.getTeam(ctx(request), request.params.id, request.query.includeEnded ?? false),
  );

  app.post(
    '/teams',
    {
      config: manage,
      schema: { tags: staffTags, summary: 'Create a team', body: CreateTeamBody, response: { 201: Team } },
    },
    async (request, reply) => reply.status(201).send(await service.createTeam(ctx(request), request.body)),
  );

  app.patch(
    '/teams/:id',
    {
      config: manage,
      schema: {
        tags: staffTags,
        summary: 'Rename, reorder or deactivate a team',
        params: IdParams,
        body: UpdateTeamBody,
        response: { 200: Team },
      },
    },
    (request) => service.updateTeam(ctx(request), request.params.id, request.body),
  );

  app.post(
    '/teams/:id/members',
    {
      config: manage,
      schema: {
        tags: staffTags,
        summary: 'Add a staff member to a team with a role',
        params: IdParams,
        body: AddMemberBody,
        response: { 201: TeamMember },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.addMember(ctx(request), request.params.id, request.body)),
  );

  app.post(
    '/team-members/:id/end',
    {
      config: manage,
      schema: {
        tags: staffTags,
        summary: 'End a team membership (kept as history)',
        params: IdParams,
        body: EndMemberBody,
        response: { 200: TeamMember },
      },
    },
    (request) => service.endMember(ctx(request), request.params.id, request.body.endsOn),
  );

  // ── assignments ──
  app.post(
    '/orgs/:orgId/liaison',
    {
      config: assign,
      schema: {
        tags: assignmentTags,
        summary: 'Make a staff member the enterprise’s primary liaison, ending the previous one',
        params: OrgParams,
        body: LiaisonBody,
        response: { 200: LiaisonResult },
      },
    },
    (request) => service.assignLiaison(ctx(request), request.params.orgId, request.body),
  );

  app.get(
    '/orgs/:orgId/liaisons',
    {
      config: read,
      schema: {
        tags: assignmentTags,
        summary: 'Liaison history of an enterprise, newest first',
        params: OrgParams,
        response: { 200: AssignmentList },
      },
    },
    (request) => service.liaisonHistory(ctx(request), request.params.orgId),
  );

  app.post(
    '/areas/:areaId/workers',
    {
      config: assign,
      schema: {
        tags: assignmentTags,
        summary: 'Assign a grid worker to a grid',
        params: AreaParams,
        body: WorkerBody,
        response: { 201: Assignment },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.assignGridWorker(ctx(request), request.params.areaId, request.body.staffId)),
  );

  app.post(
    '/assignments/:id/end',
    {
      config: assign,
      schema: {
        tags: assignmentTags,
        summary: 'End an assignment (kept as history)',
        params: IdParams,
        body: EndAssignmentBody,
        response: { 200: Assignment },
      },
    },
    (request) => service.endAssignmentById(ctx(request), request.params.id, request.body.reason),
  );

  app.post(
    '/teams/:id/coverage',
    {
      config: assign,
      schema: {
        tags: assignmentTags,
        summary: 'Make a team cover an enterprise or an area',
        params: IdParams,
        body: CoverageBody,
        response: { 201: Assignment },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.addCoverage(ctx(request), request.params.id, request.body)),
  );

  app.get(
    '/coverage',
    {
      config: read,
      schema: {
        tags: assignmentTags,
        summary: 'Above-scale enterprises without a liaison and grids without a worker, in scope',
        querystring: CoverageQuery,
        response: { 200: CoverageGaps },
      },
    },
    (request) => service.coverageGaps(ctx(request), request.query),
  );

  app.post(
    '/assignments/bulk/preview',
    {
      config: assign,
      schema: {
        tags: assignmentTags,
        summary: 'The changes a bulk reassignment would make, with a token naming them; writes nothing',
        body: BulkBody,
        response: { 200: BulkPreview },
      },
    },
    (request) => service.previewBulk(ctx(request), request.body),
  );

  app.post(
    '/assignments/bulk/apply',
    {
      config: assign,
      schema: {
        tags: assignmentTags,
        summary: 'Apply exactly the previewed reassignment, atomically; 409 when the data changed',
        body: BulkApplyBody,
        response: { 200: BulkApplied },
      },
    },
    (request) => service.applyBulk(ctx(request), request.body),
  );

  app.get(
    '/me/enterprises',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: assignmentTags,
        summary: 'The enterprises the signed-in user serves as primary liaison',
        response: { 200: MyEnterprises },
      },
    },
    (request) => service.myEnterprises(ctx(request)),
  );
};
