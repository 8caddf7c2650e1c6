import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateEvents, type PublishedEvent } from '@ramprognos/contracts';
import { generateMunicipality, type Scale } from '@ramprognos/generator';
import { toProjectionRows, type ProjectionRows } from '../services/forecast/src/projections/applying-events/projection-rows';

/**
 * The projection rows of a generated municipality, cached under .run/backtest-cache: the tuning and
 * analysis tools re-read a Malmö-size data set in seconds instead of regenerating it (a minute).
 */
export function cachedRows(scale: string, seed: string, years: number[]): ProjectionRows {
  const dir = join(process.cwd(), '.run', 'backtest-cache');
  const file = join(dir, `${scale}-${seed}-${years.join('-')}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as ProjectionRows;
  const parsedScale: Scale = /^[0-9.]+$/.test(scale) ? Number(scale) : (scale as Scale);
  const { events } = generateMunicipality({ seed, scale: parsedScale, years });
  const validated = validateEvents(events, { form: 'inbound' });
  if (!validated.ok) throw new Error('generated events are invalid');
  const rows = toProjectionRows(validated.events.filter((e) => !e.type.startsWith('se.socialtjanst.case.')) as PublishedEvent[]);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(rows));
  return rows;
}
