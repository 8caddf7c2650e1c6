/** Roles of SPEC §8: ekonom reads, controller reads and maintains budgets, admin operates. */
export const ROLES = ['ekonom', 'controller', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Everyone who may read reports. */
export const READERS: readonly Role[] = ROLES;

export interface Principal {
  /** The token's `sub`: who did it, for audit trails. */
  readonly subject: string;
  readonly roles: readonly Role[];
}
