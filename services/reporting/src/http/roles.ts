import { READERS, type Principal, type Role } from '@ramprognos/service-kit';

/** SPEC §8: every role reads. */
export { READERS };

/** Budgets and forecast adjustments: controllers maintain them, admins operate. */
export const WRITERS: readonly Role[] = ['controller', 'admin'];

/** The roles that see counts of 1–4 (SPEC §8): everyone but a plain ekonom. */
export function seesSmallCounts(principal: Principal | undefined): boolean {
  return principal !== undefined && principal.roles.some((role) => role === 'controller' || role === 'admin');
}
