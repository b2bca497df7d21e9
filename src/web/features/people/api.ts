import type { HouseholdRole, IdType, ResidentType } from './types.ts';
import { ApiError, request } from '../../api.ts';
import { currentLang } from '../../i18n.ts';

export interface PersonCan {
  update: boolean;
  reveal: boolean;
}

export interface Person {
  id: string;
  name: string;
  idType: IdType;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  gender: 'male' | 'female' | null;
  birthDate: string | null;
  age: number | null;
  areaId: string;
  areaName: string | null;
  householdId: string | null;
  householdRole: HouseholdRole | null;
  residentType: ResidentType;
  specialGroups: string[];
  note: string | null;
  version: number;
  updatedAt: string;
  can: PersonCan;
}

export interface Dwelling {
  id: string;
  compoundAreaId: string;
  compoundName: string | null;
  building: string;
  unit: string;
  room: string;
  label: string;
  address: string | null;
}

export interface Household {
  id: string;
  areaId: string;
  areaName: string | null;
  dwellingId: string | null;
  residentType: ResidentType;
  singleRenter: boolean;
  note: string | null;
  memberCount: number;
  version: number;
  can: { manage: boolean };
}

/** A household as GET /api/households lists it: where it lives, its head, and its landlord (masked). */
export interface HouseholdListItem extends Household {
  dwelling: Dwelling | null;
  head: { id: string; name: string } | null;
  landlord: { id: string; name: string; idNumberMasked: string | null; phoneMasked: string | null } | null;
}

export interface Tenancy {
  id: string;
  householdId: string;
  dwellingId: string | null;
  startDate: string;
  endDate: string | null;
  landlord: { id: string; name: string; idNumberMasked: string | null; phoneMasked: string | null } | null;
  can: { end: boolean };
}

export interface PersonDetail {
  person: Person;
  household: Household | null;
  dwelling: Dwelling | null;
  tenancy: Tenancy | null;
  tenantHouseholdCount: number;
}

export interface HouseholdDetail {
  household: Household;
  members: Person[];
  dwelling: Dwelling | null;
  tenancy: Tenancy | null;
}

export interface TenantHousehold {
  tenancyId: string;
  householdId: string;
  areaName: string | null;
  residentType: ResidentType;
  singleRenter: boolean;
  memberCount: number;
  dwelling: Dwelling | null;
  startDate: string;
  endDate: string | null;
}

export interface PeopleFilters {
  q?: string;
  areaId?: string;
  residentType?: ResidentType;
  specialGroup?: string;
  householdId?: string;
  sort?: 'name' | 'updatedAt';
}

export interface PersonBody {
  name?: string;
  idType?: IdType;
  idNumber?: string | null;
  phone?: string | null;
  gender?: 'male' | 'female' | null;
  birthDate?: string | null;
  areaId?: string;
  residentType?: ResidentType;
  specialGroups?: string[];
  note?: string | null;
}

export interface DwellingBody {
  compoundAreaId: string;
  building: string;
  unit?: string;
  room: string;
  address?: string | null;
}

export interface HouseholdBody {
  areaId: string;
  dwellingId?: string | null;
  residentType: ResidentType;
  singleRenter: boolean;
  note?: string | null;
}

export interface TenancyBody {
  landlordId: string;
  householdId: string;
  dwellingId?: string | null;
  startDate: string;
}

const path = (id: string) => `/api/people/${encodeURIComponent(id)}`;

export const peopleApi = {
  list: (filters: PeopleFilters, cursor?: string) =>
    request<{ items: Person[]; nextCursor: string | null }>('GET', '/api/people', {
      query: { ...filters, cursor, limit: 20 },
    }),
  get: (id: string) => request<PersonDetail>('GET', path(id)),
  reveal: (id: string) =>
    request<{ idNumber: string | null; phone: string | null }>('POST', `${path(id)}/reveal`),
  create: (body: PersonBody & { name: string; areaId: string }) =>
    request<Person>('POST', '/api/people', { body }),
  update: (id: string, body: PersonBody & { version: number }) =>
    request<Person>('PATCH', path(id), { body }),
  tenants: (id: string) => request<{ items: TenantHousehold[] }>('GET', `${path(id)}/tenants`),
  household: (id: string) => request<HouseholdDetail>('GET', `/api/households/${encodeURIComponent(id)}`),
  householdsOfDwelling: (dwellingId: string, cursor?: string) =>
    request<{ items: HouseholdListItem[]; nextCursor: string | null }>('GET', '/api/households', {
      query: { dwellingId, limit: 20, cursor },
    }),
  endTenancy: (id: string, endDate: string) =>
    request<Tenancy>('POST', `/api/tenancies/${encodeURIComponent(id)}/end`, { body: { endDate } }),
  dwellings: (compoundAreaId: string | undefined, cursor?: string, limit = 50) =>
    request<{ items: Dwelling[]; nextCursor: string | null }>('GET', '/api/dwellings', {
      query: { compoundAreaId, cursor, limit },
    }),
  createDwelling: (body: DwellingBody) => request<Dwelling>('POST', '/api/dwellings', { body }),
  createHousehold: (body: HouseholdBody) => request<Household>('POST', '/api/households', { body }),
  addMember: (householdId: string, body: { personId: string; role: HouseholdRole }) =>
    request<HouseholdDetail>('POST', `/api/households/${encodeURIComponent(householdId)}/members`, { body }),
  createTenancy: (body: TenancyBody) => request<Tenancy>('POST', '/api/tenancies', { body }),
};

/** Downloads the export through fetch, so the file's headers follow the page's language. */
export async function downloadPeople(filters: PeopleFilters, format: 'xlsx' | 'csv'): Promise<void> {
  const params = new URLSearchParams({ format });
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, String(value));
  const response = await fetch(`/api/people/export?${params.toString()}`, {
    credentials: 'same-origin',
    headers: { 'Accept-Language': currentLang() },
  });
  if (!response.ok) throw new ApiError(response.status, 'export_failed', '', []);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `people.${format}`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
