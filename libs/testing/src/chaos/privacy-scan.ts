import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { listUserTopics, readTopics } from './read-topics';

/*
 * A scanner for personal data where none may be (SPEC §4, OSL 26 kap): Kafka topics, every table
 * of every schema, log files. Deliberately independent of the code it checks (its own check-digit
 * rule, no import of @ramprognos/contracts): a bug in shared code shows up as a finding, not as
 * two equal wrong answers.
 */

export interface PrivacyFinding {
  /** topic:partition:offset, schema.table row n, or file:line. */
  readonly where: string;
  readonly kind: 'personnummer' | 'name-field';
  /** Masked: the finding never repeats the value it found. */
  readonly what: string;
}

// 12 digits (YYYYMMDDNNNN) or 10 (YYMMDDNNNN), with or without '-' / '+' before the last four,
// not inside a longer run of digits.
const CANDIDATE = /(?<![0-9])((?:19|20)?)([0-9]{2})([0-9]{2})([0-9]{2})([-+]?)([0-9]{4})(?![0-9])/g;

/** Luhn over the 10-digit form, as Skatteverket defines the check digit. */
export function luhnValid(tenDigits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = Number(tenDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

function plausibleDate(mm: string, dd: string): boolean {
  const month = Number(mm);
  const rawDay = Number(dd);
  const day = rawDay > 60 ? rawDay - 60 : rawDay; // samordningsnummer
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// Hex runs of hashes and UUIDs (personRef is 64 hex digits) hold digit runs by chance.
const HEX_TOKEN = /[0-9a-fA-F-]{32,}/g;

/** Personnummer-like substrings with a plausible date and a valid check digit, masked. */
export function findPersonnummer(text: string): string[] {
  const found: string[] = [];
  const hexSpans: [number, number][] = [];
  for (const m of text.matchAll(HEX_TOKEN))
    if (/[a-fA-F]/.test(m[0])) hexSpans.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  for (const m of text.matchAll(CANDIDATE)) {
    const [whole, , yy, mm, dd, , serial] = m;
    const at = m.index ?? 0;
    if (hexSpans.some(([a, b]) => at >= a && at + whole.length <= b)) continue;
    if (!plausibleDate(mm, dd)) continue;
    if (!luhnValid(`${yy}${mm}${dd}${serial}`)) continue;
    found.push(`${whole.slice(0, 2)}…(${whole.length} chars)`);
  }
  return found;
}

/** Keys that only ever hold a person's name. */
const PERSON_NAME_KEYS = new Set(
  [
    'fornamn',
    'förnamn',
    'efternamn',
    'tilltalsnamn',
    'mellannamn',
    'personnamn',
    'firstname',
    'lastname',
    'givenname',
    'familyname',
    'surname',
    'fullname',
    'personname',
    'klientnamn',
    'clientname',
  ].map((k) => k.toLowerCase()),
);
/** `name` / `namn` is a person's name when it sits next to one of these (a budget line's name is not). */
const PERSON_CONTEXT_KEYS = new Set([
  'personnummer',
  'personref',
  'caseid',
  'householdid',
  'clientid',
  'klientid',
  'personid',
]);

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[\s_-]/g, '');
}

/** Name fields anywhere in a JSON value: the path of each. */
export function findNameFields(value: unknown, path = '$', depth = 0, out: string[] = []): string[] {
  if (depth > 64 || value === null || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    value.forEach((v, i) => findNameFields(v, `${path}[${i}]`, depth + 1, out));
    return out;
  }
  const keys = Object.keys(value);
  const normalised = keys.map(normaliseKey);
  const personContext = normalised.some((k) => PERSON_CONTEXT_KEYS.has(k));
  keys.forEach((key, i) => {
    const k = normalised[i];
    if (PERSON_NAME_KEYS.has(k) || (personContext && (k === 'name' || k === 'namn')))
      out.push(`${path}.${key}`);
    findNameFields((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1, out);
  });
  return out;
}

function tryJson(text: string): unknown {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}

// A person-name key in JSON that is not parsed as such (JSON inside a string, a log line's tail).
const NAME_KEY_IN_TEXT = new RegExp(`\\\\?"(${[...PERSON_NAME_KEYS].join('|')})\\\\?"\\s*:`, 'i');

/** Findings in one piece of text (and, when it is JSON, in its keys). */
export function scanText(text: string, where: string): PrivacyFinding[] {
  const findings: PrivacyFinding[] = findPersonnummer(text).map((what) => ({
    where,
    kind: 'personnummer' as const,
    what,
  }));
  const json = tryJson(text);
  const paths = json === undefined ? [] : findNameFields(json);
  for (const path of paths) findings.push({ where, kind: 'name-field', what: path });
  if (paths.length === 0) {
    const key = NAME_KEY_IN_TEXT.exec(text);
    if (key) findings.push({ where, kind: 'name-field', what: key[1] });
  }
  return findings;
}

export interface KafkaScanOptions {
  /**
   * Topics written by systems outside ours (the inbound topic carries what case systems send,
   * personnummer included, as an HTTP request body does): what the services do with it is
   * scanned everywhere else, the input itself is not.
   */
  readonly exclude?: readonly string[];
}

export async function scanKafka(
  kafka: Kafka,
  options: KafkaScanOptions = {},
): Promise<{ topics: string[]; messages: number; findings: PrivacyFinding[] }> {
  const topics = (await listUserTopics(kafka)).filter((t) => !(options.exclude ?? []).includes(t));
  const messages = await readTopics(kafka, topics);
  const findings: PrivacyFinding[] = [];
  for (const m of messages) {
    const where = `${m.topic}:${m.partition}:${m.offset}`;
    findings.push(...scanText(m.key?.toString('utf8') ?? '', `${where} key`));
    findings.push(...scanText(m.value?.toString('utf8') ?? '', `${where} value`));
    findings.push(...scanText(JSON.stringify(m.headers), `${where} headers`));
  }
  return { topics, messages: messages.length, findings };
}

/** `select *` from every table of every schema but PostgreSQL's own; column names are checked too. */
export async function scanDatabase(
  url: string,
): Promise<{ tables: string[]; rows: number; findings: PrivacyFinding[] }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const findings: PrivacyFinding[] = [];
  const tables: string[] = [];
  let rows = 0;
  try {
    const { rows: list } = await client.query<{ schema: string; table: string }>(
      `select table_schema as schema, table_name as table from information_schema.tables
        where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') and table_schema not like 'pg_toast%'
        order by 1, 2`,
    );
    for (const { schema, table } of list) {
      const name = `${schema}.${table}`;
      tables.push(name);
      const quoted = `"${schema.replace(/"/g, '""')}"."${table.replace(/"/g, '""')}"`;
      // Row by row as text, so bigint, json and bytea all reach the scanner as PostgreSQL prints them.
      const result = await client.query({
        text: `select row_to_json(t)::text as r from ${quoted} t`,
        rowMode: 'array',
      });
      const columns = await client.query<{ column_name: string }>(
        `select column_name from information_schema.columns where table_schema = $1 and table_name = $2`,
        [schema, table],
      );
      for (const { column_name } of columns.rows) {
        if (PERSON_NAME_KEYS.has(normaliseKey(column_name)))
          findings.push({ where: `${name} column`, kind: 'name-field', what: column_name });
      }
      result.rows.forEach((row: unknown[], i: number) => {
        rows += 1;
        const text = String(row[0]);
        // JSON columns arrive nested in the row's JSON, so their keys are walked too.
        findings.push(...scanText(text, `${name} row ${i + 1}`));
      });
    }
  } finally {
    await client.end();
  }
  return { tables, rows, findings };
}

/** Every file under the folders (log files of a run), line by line. */
export function scanFiles(paths: readonly string[]): {
  files: string[];
  lines: number;
  findings: PrivacyFinding[];
} {
  const files: string[] = [];
  const findings: PrivacyFinding[] = [];
  let lines = 0;
  const visit = (path: string) => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry));
      return;
    }
    files.push(path);
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        lines += 1;
        findings.push(...scanText(line, `${path}:${i + 1}`));
      });
  };
  for (const p of paths) visit(p);
  return { files, lines, findings };
}
