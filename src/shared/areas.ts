// Area levels and kinds, shared by the server's rules and the SPA's forms.

export const AREA_LEVELS = ['city', 'town', 'community', 'grid', 'place'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

export const AREA_KINDS: Record<AreaLevel, readonly string[]> = {
  city: ['city'],
  town: ['sub_district', 'town'],
  community: ['community', 'village'],
  grid: ['grid'],
  place: [
    'residential_compound',
    'business_district',
    'checkpoint',
    'market',
    'supermarket',
    'service_point',
    'farm_base',
    'industrial_park',
    'venue',
  ],
};

/** Which levels may sit directly under which. Places may hang off a town, a community or a grid. */
export const CHILD_LEVELS: Record<AreaLevel, readonly AreaLevel[]> = {
  city: ['town'],
  town: ['community', 'place'],
  community: ['grid', 'place'],
  grid: ['place'],
  place: [],
};

export const AREA_CODE_PATTERN = '^[0-9A-Za-z]{1,12}$';
