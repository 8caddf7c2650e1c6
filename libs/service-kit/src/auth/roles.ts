/**
 * Roles of SPEC §8: ekonom reads, controller reads and maintains budgets, admin operates; plus
 * `service`, a service of this system calling another (reporting reading the forecast service's
 * unsuppressed per-key figures, which no person with only the ekonom role may read directly).
 */
export const ROLES = ['ekonom', 'controller', 'admin', 'service'] as const;
export type Role = (typeof ROLES)[number];

/** Every person who may read reports. */
export const READERS: readonly Role[] = ['ekonom', 'controller', 'admin'];

/** Who may read a service's internal query API: other services, and people who see everything. */
export const SERVICE_READERS: readonly Role[] = ['service', 'controller', 'admin'];

export interface Principal {
  /** The token's `sub`: who did it, for audit trails. */
  readonly subject: string;
  readonly roles: readonly Role[];
}
