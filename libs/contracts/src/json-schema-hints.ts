import type { z } from 'zod';

/**
 * Our checks are written as refinements so that each bad field gets one clear message; a JSON
 * Schema generator cannot see inside them. A hint says, in JSON Schema terms, what the
 * refinement checks, and asyncapi.ts merges it into the generated schema.
 */
export type JsonSchemaHint = Readonly<Record<string, unknown>>;

const hints = new WeakMap<object, JsonSchemaHint>();

export function withJsonSchema<T extends z.ZodTypeAny>(schema: T, hint: JsonSchemaHint): T {
  hints.set(schema._def, hint);
  return schema;
}

export function jsonSchemaHintFor(def: object): JsonSchemaHint | undefined {
  return hints.get(def);
}

/** `.describe()` copies the schema, and with it would lose the hint; this keeps it. */
export function describe<T extends z.ZodTypeAny>(schema: T, description: string): T {
  const copy = schema.describe(description);
  const hint = hints.get(schema._def);
  if (hint !== undefined) hints.set(copy._def, hint);
  return copy;
}
