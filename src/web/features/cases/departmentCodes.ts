// The department codes of the departments table (seeded); their names are in strings.ts.
export const DEPARTMENT_CODES = [
  'economy_bureau',
  'market_regulation',
  'tax',
  'law_enforcement',
  'commerce',
  'agriculture',
  'health',
  'public_security',
  'transport',
  'human_resources',
  'emergency',
  'civil_affairs',
  'housing',
  'ecology',
  'development_zone',
  'command_office',
] as const;
