// Vocabularies of the registries, shared by the server's schemas and the SPA's forms and labels.

export const ORG_KINDS = [
  'enterprise',
  'service_business',
  'agri_producer',
  'merchant',
  'retailer',
  'farmers_market',
  'logistics',
  'social_org',
  'gov_unit',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ORG_STATUSES = ['operating', 'suspended', 'resumed', 'closed'] as const;
export type OrgStatus = (typeof ORG_STATUSES)[number];

/** GB/T 4754-2017 sections (门类) A–T. */
export const INDUSTRY_SECTIONS = [
  'A',
  'B',
  'C',
  'D',
  'E',
  'F',
  'G',
  'H',
  'I',
  'J',
  'K',
  'L',
  'M',
  'N',
  'O',
  'P',
  'Q',
  'R',
  'S',
  'T',
] as const;
export type IndustrySection = (typeof INDUSTRY_SECTIONS)[number];

export const ORG_TAGS = [
  'exporter',
  'key_enterprise',
  'epidemic_supplies',
  'foreign_invested',
  'civilised_unit',
] as const;

export const ID_TYPES = ['resident_id', 'passport', 'other'] as const;
export type IdType = (typeof ID_TYPES)[number];

export const RESIDENT_TYPES = ['registered', 'migrant', 'tenant'] as const;
export type ResidentType = (typeof RESIDENT_TYPES)[number];

export const SPECIAL_GROUPS = [
  'elderly_alone',
  'elderly',
  'disabled',
  'chronic_illness',
  'pregnant',
  'child_alone',
] as const;

export const HOUSEHOLD_ROLES = ['head', 'member'] as const;

export const TEAM_KINDS = [
  'enterprise_guidance',
  'service_guidance',
  'supervision',
  'grid_team',
  'neighbour_centre',
  'neighbour_station',
  'neighbour_point',
] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];

export const TEAM_ROLES = [
  'leader',
  'guide',
  'supervisor',
  'member',
  'grid_worker',
  'neighbour_envoy',
] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const ASSIGNMENT_KINDS = ['liaison', 'team_coverage', 'grid_worker'] as const;
export type AssignmentKind = (typeof ASSIGNMENT_KINDS)[number];
