import type { ErrorObject } from 'ajv';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

export type Locale = 'zh-CN' | 'en-US';

export interface FieldError {
  field: string;
  reason: string;
}

/** A reason as services raise it: both languages travel together, the handler picks one. */
export interface LocalisedFieldError {
  field: string;
  reason: { zh: string; en: string };
}

/** Error codes the API answers with; each has a message in both languages. */
const MESSAGES = {
  validation_failed: { 'zh-CN': '提交的内容有误，请检查标出的字段', 'en-US': 'Some fields are invalid' },
  malformed_request: { 'zh-CN': '请求格式不正确', 'en-US': 'The request is malformed' },
  unauthenticated: { 'zh-CN': '请先登录', 'en-US': 'Please sign in first' },
  invalid_credentials: { 'zh-CN': '用户名或密码错误', 'en-US': 'Wrong username or password' },
  forbidden: { 'zh-CN': '您没有执行此操作的权限', 'en-US': 'You are not allowed to do this' },
  csrf_failed: {
    'zh-CN': '页面已过期，请刷新后重试',
    'en-US': 'The page is out of date; reload it and try again',
  },
  not_found: { 'zh-CN': '未找到该记录', 'en-US': 'Not found' },
  conflict: { 'zh-CN': '与现有数据冲突', 'en-US': 'This conflicts with existing data' },
  file_too_large: {
    'zh-CN': '文件过大，请压缩或拆分后再上传',
    'en-US': 'The file is too large; compress or split it and upload again',
  },
  rate_limited: {
    'zh-CN': '登录失败次数过多，请 {minutes} 分钟后再试',
    'en-US': 'Too many failed sign-ins; try again in {minutes} minutes',
  },
  too_many_codes: {
    'zh-CN': '验证码发送过于频繁，请 {minutes} 分钟后再试',
    'en-US': 'Too many codes sent to this number; try again in {minutes} minutes',
  },
  password_reused: {
    'zh-CN': '新密码不能与当前密码相同',
    'en-US': 'The new password must differ from the current one',
  },
  internal: { 'zh-CN': '服务器内部错误，请稍后重试', 'en-US': 'Internal error; please try again later' },
  stale: {
    'zh-CN': '该记录已被他人修改，请刷新后重试',
    'en-US': 'Someone else changed this record; reload and try again',
  },
  illegal_transition: {
    'zh-CN': '事项当前状态不允许此操作',
    'en-US': 'This action is not allowed in the case’s current status',
  },
  open_tasks: {
    'zh-CN': '还有未完成的协办任务，请先完成或关闭',
    'en-US': 'Coordination tasks are still open; complete or close them first',
  },
  case_taken: {
    'zh-CN': '该事项已由他人受理',
    'en-US': 'Someone else has already accepted this case',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type ErrorCode = keyof typeof MESSAGES;

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  malformed_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  file_too_large: 413,
  rate_limited: 429,
  too_many_codes: 429,
  password_reused: 400,
  internal: 500,
  stale: 409,
  illegal_transition: 409,
  open_tasks: 409,
  case_taken: 409,
};

/** A typed failure: services throw it, the error handler maps it to HTTP in one place. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details: LocalisedFieldError[] = [],
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.status = STATUS[code];
  }
}

export const notFound = (): AppError => new AppError('not_found');
export const fieldError = (field: string, zh: string, en: string): AppError =>
  new AppError('validation_failed', [{ field, reason: { zh, en } }]);

export function requestLocale(request: FastifyRequest): Locale {
  const header = request.headers['accept-language'];
  return typeof header === 'string' && header.toLowerCase().startsWith('en') ? 'en-US' : 'zh-CN';
}

export function messageFor(
  code: ErrorCode,
  locale: Locale,
  params: Record<string, string | number> = {},
): string {
  return MESSAGES[code][locale].replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ''));
}

/** Localised reasons for the field-level errors AJV reports. */
export function describeValidationError(error: ErrorObject, locale: Locale): FieldError {
  const zh = locale === 'zh-CN';
  const base = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const params = error.params as Record<string, unknown>;
  const join = (child: unknown): string => (base ? `${base}.${String(child)}` : String(child));
  switch (error.keyword) {
    case 'required':
      return { field: join(params.missingProperty), reason: zh ? '必填' : 'is required' };
    case 'additionalProperties':
      return {
        field: join(params.additionalProperty),
        reason: zh ? '不是可接受的字段' : 'is not an allowed field',
      };
    case 'type':
      return {
        field: base,
        reason: zh ? `类型应为 ${String(params.type)}` : `must be of type ${String(params.type)}`,
      };
    case 'maxLength':
      return {
        field: base,
        reason: zh
          ? `不能超过 ${String(params.limit)} 个字符`
          : `must be at most ${String(params.limit)} characters`,
      };
    case 'minLength':
      return {
        field: base,
        reason: zh
          ? `不能少于 ${String(params.limit)} 个字符`
          : `must be at least ${String(params.limit)} characters`,
      };
    case 'maximum':
      return {
        field: base,
        reason: zh ? `不能大于 ${String(params.limit)}` : `must be at most ${String(params.limit)}`,
      };
    case 'minimum':
      return {
        field: base,
        reason: zh ? `不能小于 ${String(params.limit)}` : `must be at least ${String(params.limit)}`,
      };
    case 'enum':
    case 'const':
    case 'anyOf': {
      const allowed = params.allowedValues ?? params.allowedValue;
      const list = Array.isArray(allowed) ? allowed.join(', ') : allowed === undefined ? '' : String(allowed);
      return {
        field: base,
        reason: zh
          ? `取值无效${list ? `（可选：${list}）` : ''}`
          : `is not allowed${list ? ` (one of: ${list})` : ''}`,
      };
    }
    case 'pattern':
    case 'format':
      return { field: base, reason: zh ? '格式不正确' : 'has an invalid format' };
    default:
      return { field: base, reason: error.message ?? error.keyword };
  }
}

function validationErrors(error: FastifyError): ErrorObject[] | undefined {
  const list = (error as { validation?: unknown }).validation;
  return Array.isArray(list) ? (list as ErrorObject[]) : undefined;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: FieldError[] };
}

export function errorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const locale = requestLocale(request);
  const send = (status: number, code: ErrorCode, details: FieldError[] = [], params = {}): FastifyReply =>
    reply
      .status(status)
      .send({ error: { code, message: messageFor(code, locale, params), details } } satisfies ErrorBody);

  if (error instanceof AppError) {
    if (error.status === 429 && error.params.retryAfterSeconds !== undefined) {
      void reply.header('retry-after', String(error.params.retryAfterSeconds));
    }
    return send(error.status, error.code, localiseDetails(error.details, locale), error.params);
  }
  const validation = validationErrors(error);
  if (validation) {
    const context = String(error.validationContext ?? 'body');
    const details = validation.map((v) => {
      const d = describeValidationError(v, locale);
      return { ...d, field: d.field || context };
    });
    return send(400, 'validation_failed', dedupe(details));
  }
  const status = error.statusCode ?? 500;
  if (status === 415 || (status >= 400 && status < 500 && status !== 404 && status !== 429)) {
    const reason =
      locale === 'zh-CN' ? `无法解析请求内容（${error.message}）` : `could not be parsed (${error.message})`;
    return send(400, 'malformed_request', [{ field: 'body', reason }]);
  }
  if (status === 404) return send(404, 'not_found');
  request.log.error({ err: error }, 'unhandled error');
  return send(500, 'internal');
}

function localiseDetails(details: LocalisedFieldError[], locale: Locale): FieldError[] {
  return details.map((d) => ({ field: d.field, reason: locale === 'zh-CN' ? d.reason.zh : d.reason.en }));
}

function dedupe(details: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return details.filter((d) => {
    const key = `${d.field}:${d.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
