import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

const tooLarge = (maxBytes: number): AppError => {
  const mb = Math.round(maxBytes / (1024 * 1024));
  return new AppError('file_too_large', [
    { field: 'file', reason: { zh: `文件不能超过 ${mb} MB`, en: `the file must be at most ${mb} MB` } },
  ]);
};

/**
 * Reads a raw upload of any content type into a Buffer, stopping at the first byte past the limit with
 * 413 naming `file` (Fastify's own limit would answer a generic 400 naming `body`). The declared type
 * is checked against the bytes by the service, so a wrong or missing type names `file` too.
 */
export function rawUploadParser(app: FastifyInstance, maxBytes: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request, payload, done) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      done(tooLarge(maxBytes), undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let finished = false;
    const finish = (error: Error | null, body?: Buffer) => {
      if (finished) return;
      finished = true;
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onError);
      done(error, body);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) {
        finish(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(null, Buffer.concat(chunks, received));
    const onError = (error: Error) => finish(error);
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
  });
}
