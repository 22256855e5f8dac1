export * from './api-tokens.projection';
export * from './companies.projection';
export * from './project-batch';
export * from './projection';
export * from './projection-runner';

import { apiTokensProjection } from './api-tokens.projection';
import { companiesProjection } from './companies.projection';
import type { Projection } from './projection';

/** Every read model the service maintains. */
export const ALL_PROJECTIONS: Projection[] = [
  companiesProjection as unknown as Projection,
  apiTokensProjection as unknown as Projection,
];
