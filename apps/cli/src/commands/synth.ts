import { createHash } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createLineEncoder,
  SYNTH_SYSTEMS,
  synthesize,
  synthMapping,
  type SynthSystem,
} from '@ecif/core/synth';
import { UsageError } from '../output.ts';

const USAGE = 'ecif synth --people N --companies M --out DIR [--seed S] [--date YYYYMMDD]';

// Writes are batched: one writeSync per ~1 MiB keeps 200,000 people well under a minute
// without holding a whole file in memory.
const FLUSH_AT = 1 << 20;

interface FileWriter {
  readonly write: (bytes: Uint8Array) => void;
  readonly close: () => void;
}

function fileWriter(path: string): FileWriter {
  const fd = openSync(path, 'w');
  let chunks: Uint8Array[] = [];
  let size = 0;
  const flush = (): void => {
    if (size === 0) return;
    writeSync(fd, Buffer.concat(chunks, size));
    chunks = [];
    size = 0;
  };
  return {
    write: (bytes) => {
      chunks.push(bytes);
      size += bytes.length;
      if (size >= FLUSH_AT) flush();
    },
    close: () => {
      flush();
      closeSync(fd);
    },
  };
}

function count(value: string | undefined, option: string): number {
  const n = Number(value ?? '0');
  if (!Number.isSafeInteger(n) || n < 0)
    throw new UsageError(`${option} must be a whole number\n${USAGE}`);
  return n;
}

function todayYmd(): string {
  const d = new Date();
  return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function synthCommand(args: string[]): void {
  const { values } = parseArgs({
    args,
    options: {
      people: { type: 'string' },
      companies: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      date: { type: 'string' },
    },
  });
  if (values.out === undefined) throw new UsageError(`--out is required\n${USAGE}`);
  const people = count(values.people, '--people');
  const companies = count(values.companies, '--companies');
  const seed = count(values.seed ?? '20260101', '--seed');
  const date = values.date ?? todayYmd();
  if (!/^\d{8}$/.test(date)) throw new UsageError(`--date must be YYYYMMDD\n${USAGE}`);
  const out = values.out;
  mkdirSync(out, { recursive: true });

  const started = performance.now();
  const files: string[] = [];
  const dataFile = (system: SynthSystem): string => `${system}_${date}.dat`;
  const encoders = Object.fromEntries(
    SYNTH_SYSTEMS.map((s) => [s, createLineEncoder(synthMapping(s))]),
  ) as Record<SynthSystem, ReturnType<typeof createLineEncoder>>;
  const writers = Object.fromEntries(
    SYNTH_SYSTEMS.map((s) => [s, fileWriter(join(out, dataFile(s)))]),
  ) as Record<SynthSystem, FileWriter>;
  for (const system of SYNTH_SYSTEMS) {
    const mapping = synthMapping(system);
    // A control header needs the count before the records; the streaming writer has none yet.
    if (mapping.header.type === 'control')
      throw new Error(`${system}: control headers unsupported`);
    const header = encoders[system].header(0, 0n);
    if (header) {
      writers[system].write(header);
      writers[system].write(encoders[system].eol);
    }
  }
  const truthWriter = fileWriter(join(out, 'truth.csv'));
  const utf8 = new TextEncoder();
  truthWriter.write(utf8.encode('system,source_customer_no,entity_id\n'));

  const summary = synthesize(
    { people, companies, seed },
    {
      row: (system, fields) => {
        writers[system].write(encoders[system].record(fields));
        writers[system].write(encoders[system].eol);
      },
      truth: (t) =>
        truthWriter.write(
          utf8.encode(`${t.system},${csvField(t.sourceCustomerNo)},${t.entityId}\n`),
        ),
    },
  );
  truthWriter.close();

  const records: Record<string, number> = {};
  for (const system of SYNTH_SYSTEMS) {
    const mapping = synthMapping(system);
    const n = summary.records[system];
    const amount = system === 'LOAN' ? summary.loanAmountSum : 0n;
    const trailer = encoders[system].trailer(n, amount);
    if (trailer) {
      writers[system].write(trailer);
      writers[system].write(encoders[system].eol);
    }
    writers[system].close();
    const name = dataFile(system);
    files.push(name);
    records[name] = n;
    // The companion is written last: its presence tells the loader the data file is complete.
    if (mapping.companion) {
      const path = join(out, name);
      const contents = {
        none: '',
        recordCount: `${n}\n`,
        size: `${statSync(path).size}\n`,
        md5: `${createHash('md5').update(readFileSync(path)).digest('hex')}\n`,
      }[mapping.companion.contents];
      const companion = `${name}${mapping.companion.suffix}`;
      writeFileSync(join(out, companion), contents);
      files.push(companion);
    }
    const mappingFile = `${system}.mapping.json`;
    writeFileSync(join(out, mappingFile), `${JSON.stringify(mapping, null, 2)}\n`);
    files.push(mappingFile);
  }
  files.push('truth.csv');
  process.stdout.write(
    `${JSON.stringify({
      out,
      seed,
      people,
      companies,
      files,
      records,
      hardCases: summary.hardCases,
      ms: Math.round(performance.now() - started),
    })}\n`,
  );
}
