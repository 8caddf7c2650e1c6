import type { IncomingMessage, ServerResponse } from 'node:http';

// The few Express request fields the kit reads (the project does not ship @types/express).
export type HttpRequest = IncomingMessage & {
  readonly baseUrl?: string;
  readonly route?: { readonly path?: unknown };
  readonly originalUrl?: string;
};
export type HttpResponse = ServerResponse;
export type NextFunction = (error?: unknown) => void;
