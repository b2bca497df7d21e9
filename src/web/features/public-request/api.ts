import { request } from '../../api.ts';

export interface Localised {
  zh: string;
  en: string;
}

export interface PublicPlace {
  id: string;
  name: string;
  level: string;
  kind: string;
  trail: string[];
  caseTypes: { code: string; name: Localised; description: Localised | null }[];
}

export interface CodeSent {
  phoneMasked: string;
  expiresAt: string;
  resendAfterSeconds: number;
}

export interface PublicRequestBody {
  placeId: string;
  typeCode: string;
  description: string;
  name: string;
  phone: string;
  code: string;
}

export interface TrackedRequest {
  code: string;
  status: string;
  open: boolean;
  typeCode: string;
  typeName: Localised;
  placeName: string | null;
  resolution: string | null;
  createdAt: string;
  updatedAt: string;
  events: { id: number; at: string; kind: string; toStatus: string | null; body: string | null }[];
}

/** Signed-out calls: no session, no CSRF token needed (the routes are public). */
export const publicApi = {
  place: (ref: string) => request<PublicPlace>('GET', `/api/public/places/${encodeURIComponent(ref)}`),
  sendCode: (phone: string) =>
    request<CodeSent>('POST', '/api/public/verification-codes', {
      body: { phone, purpose: 'public_request' },
    }),
  submit: (body: PublicRequestBody) =>
    request<{ code: string; trackingToken: string }>('POST', '/api/public/requests', { body }),
  track: (token: string) =>
    request<TrackedRequest>('GET', `/api/public/requests/${encodeURIComponent(token)}`),
};
