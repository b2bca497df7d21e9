import type { HOUSEHOLD_ROLES } from '../../../shared/registries.ts';

export type { IdType, ResidentType } from '../../../shared/registries.ts';
export type HouseholdRole = (typeof HOUSEHOLD_ROLES)[number];
