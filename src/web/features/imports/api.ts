import { ApiError, request } from '../../api.ts';
import { currentLang } from '../../i18n.ts';

export type ImportRegistry = 'orgs' | 'people';
export type ImportStatus = 'parsing' | 'previewed' | 'applying' | 'succeeded' | 'failed';
export type CellValue = string | number | boolean | null;

export interface ColumnMapping {
  column: string;
  field: string | null;
}

export interface ImportJob {
  id: string;
  registry: ImportRegistry;
  status: ImportStatus;
  fileName: string;
  totalRows: number;
  processedRows: number;
  insertedRows: number;
  updatedRows: number;
  errorCount: number;
  warningCount: number;
  mapping: ColumnMapping[];
  fields: { key: string; label: string; required: boolean }[];
  unknownColumns: string[];
  missingFields: string[];
  problems: { row: number; column: string; value: CellValue; reason: string; level: 'error' | 'warning' }[];
  preview: { row: number; values: Record<string, CellValue> | null; errors: string[] }[];
  failureReason: string | null;
  createdAt: string;
  finishedAt: string | null;
  can: { remap: boolean; apply: boolean; report: boolean };
}

/** Sends the file as the raw request body: the server reads its bytes, not a form. */
async function upload(registry: ImportRegistry, file: File, csrfToken: string): Promise<ImportJob> {
  const query = new URLSearchParams({ registry, fileName: file.name });
  let response: Response;
  try {
    response = await fetch(`/api/imports?${query.toString()}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/octet-stream',
        'Accept-Language': currentLang(),
        Accept: 'application/json',
        'x-csrf-token': csrfToken,
      },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'network', '', []);
  }
  const body = (await response.json().catch(() => null)) as
    | ImportJob
    | { error?: { code?: string; message?: string; details?: { field: string; reason: string }[] } }
    | null;
  if (!response.ok) {
    const error = body && 'error' in body ? body.error : undefined;
    throw new ApiError(
      response.status,
      error?.code ?? 'http_error',
      error?.message ?? `HTTP ${response.status}`,
      error?.details ?? [],
    );
  }
  return body as ImportJob;
}

export const importsApi = {
  upload,
  list: () => request<{ items: ImportJob[] }>('GET', '/api/imports', { query: { limit: 20 } }),
  get: (id: string) => request<ImportJob>('GET', `/api/imports/${encodeURIComponent(id)}`),
  remap: (id: string, mapping: ColumnMapping[]) =>
    request<ImportJob>('PATCH', `/api/imports/${encodeURIComponent(id)}/mapping`, { body: { mapping } }),
  apply: (id: string, skipInvalid: boolean) =>
    request<ImportJob>('POST', `/api/imports/${encodeURIComponent(id)}/apply`, { body: { skipInvalid } }),
  reportUrl: (id: string) => `/api/imports/${encodeURIComponent(id)}/report.xlsx`,
};
