import {
  EVENT_TYPES,
  pseudonymiseCaseOpened,
  type InboundEvent,
  type PublishedEvent,
} from '@ramprognos/contracts';

/**
 * Intake's step from the inbound to the published form (SPEC §4): a case.opened's personnummer
 * becomes personRef, HMAC-SHA256 keyed with PSEUDONYM_KEY over the normalised 12-digit form, so
 * the 10- and 12-digit forms of one person give one ref. It runs before anything is stored,
 * hashed for dedup, published or logged; other types pass unchanged.
 */
export function pseudonymiseInbound(key: string): (event: InboundEvent) => PublishedEvent {
  return (event) => (event.type === EVENT_TYPES.caseOpened ? pseudonymiseCaseOpened(event, key) : event);
}
