import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

function build(options: Options): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    // Unknown fields are refused, never silently dropped.
    removeAdditional: false,
    useDefaults: true,
    strict: false,
    ...options,
  });
  addFormats.default(ajv);
  return ajv;
}

/**
 * Two validators: query strings and path parameters arrive as text and are coerced to the declared
 * types; JSON bodies are checked strictly, so "12" is not accepted where a number is required.
 */
export function validatorCompiler(): FastifySchemaCompiler<unknown> {
  const strict = build({ coerceTypes: false });
  const coercing = build({ coerceTypes: 'array' });
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strict : coercing;
    return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
  };
}
