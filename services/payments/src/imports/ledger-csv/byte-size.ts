const UNITS: Readonly<Record<string, number>> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** "512kb", "50mb" (the form HTTP_BODY_LIMIT uses) → bytes. */
export function parseByteSize(text: string): number {
  const match = /^(\d+)(b|kb|mb)$/i.exec(text.trim());
  if (match === null) throw new Error('a size must look like 512kb or 50mb');
  return Number(match[1]) * UNITS[match[2].toLowerCase()];
}
