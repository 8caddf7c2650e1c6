import type { ServerResponse } from 'node:http';

// The project does not ship @types/express; handlers only set headers and status.
export type HttpResponse = ServerResponse;
