import type { IngestPrincipal } from '../auth/ingest-authority';
import { refusedSources } from '../auth/ingest-authority';
import type { EventIngestion } from '../events/event-ingestion';

/** Events per request; a larger batch gets 413 (split it). */
export const MAX_EVENTS_PER_REQUEST = 10_000;

export interface EventStatus {
  readonly id: string;
  readonly status: 'accepted' | 'duplicate';
}

export interface Accepted {
  readonly accepted: number;
  readonly duplicates: number;
  readonly results: readonly EventStatus[];
}

export type ReceiveReply =
  | { readonly status: 202; readonly body: Accepted }
  | { readonly status: 400 | 403 | 409 | 413 | 422; readonly body: { readonly errors: readonly object[] } };

export interface ReceiveOptions {
  readonly maxEvents?: number;
  /** Called on a 403, to log who tried which sources (never the payload). */
  readonly onRefused?: (principal: IngestPrincipal, sources: readonly string[], events: number) => void;
}

/**
 * POST /v1/events (SPEC §8): one CloudEvent or an array. Any invalid event rejects the whole
 * request with field errors, and so does a conflict (409); nothing of a rejected request is
 * applied, because everything it holds is written in one transaction or not at all.
 */
export async function receiveEvents(
  body: unknown,
  principal: IngestPrincipal,
  ingestion: EventIngestion,
  options: ReceiveOptions = {},
): Promise<ReceiveReply> {
  const maxEvents = options.maxEvents ?? MAX_EVENTS_PER_REQUEST;
  if (typeof body !== 'object' || body === null) {
    return fail(400, { field: 'body', message: 'must be a CloudEvent JSON object or an array of them' });
  }
  if (Array.isArray(body) && body.length === 0) {
    return fail(422, { field: 'body', message: 'must hold at least one event' });
  }
  if (Array.isArray(body) && body.length > maxEvents) {
    return fail(413, {
      field: 'body',
      message: `holds ${body.length} events; at most ${maxEvents} are taken per request, send smaller batches`,
    });
  }
  const refused = refusedSources(principal, body);
  if (refused.length > 0) {
    options.onRefused?.(principal, refused, Array.isArray(body) ? body.length : 1);
    return fail(403, {
      field: 'source',
      message: `this token may not write the source${refused.length > 1 ? 's' : ''} ${refused.join(', ')}; it may write ${principal.sources.join(', ')}`,
    });
  }
  const validation = ingestion.validate(body);
  if (!validation.ok) return { status: 422, body: { errors: validation.errors } };

  const events = validation.events;
  const result = await ingestion.ingest(events, 'all-or-nothing', 'http');
  if (result.conflicts.length > 0) {
    return {
      status: 409,
      body: {
        errors: result.conflicts.map((index) => ({
          index,
          id: events[index].id,
          field: 'id',
          message:
            'this source and id were accepted before with other content; nothing from this request was applied',
        })),
      },
    };
  }
  return {
    status: 202,
    body: {
      accepted: result.accepted,
      duplicates: result.duplicates,
      results: events.map((event, index) => ({
        id: event.id,
        status: result.statuses[index] === 'accepted' ? 'accepted' : 'duplicate',
      })),
    },
  };
}

function fail(status: 400 | 403 | 413 | 422, error: { field: string; message: string }): ReceiveReply {
  return { status, body: { errors: [error] } };
}
