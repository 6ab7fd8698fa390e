import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EcifError, SUBJECT_AREA_NAMES, type SubjectArea } from '@ecif/core';
import {
  createOrIdentify,
  getCustomer,
  getCustomerBySource,
  searchCustomers,
  type CreateCustomerInput,
} from '@ecif/hub';
import { openDatabase } from '../open-database.ts';
import { printJson, UsageError } from '../output.ts';

const USAGE = `ecif customer get <ecifNo> [--include contacts,addresses,…]
ecif customer get --source <SYSTEM> --source-no <no>
ecif customer create (--json '<request>' | --file request.json)     same body as POST /api/v1/customers
ecif customer find (--id-no <n> [--id-type T] | --phone <p> | --account-no <a> | --name <text>) [--limit N]`;

export async function customerCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      include: { type: 'string' },
      source: { type: 'string' },
      'source-no': { type: 'string' },
      json: { type: 'string' },
      file: { type: 'string' },
      'id-no': { type: 'string' },
      'id-type': { type: 'string' },
      phone: { type: 'string' },
      'account-no': { type: 'string' },
      name: { type: 'string' },
      limit: { type: 'string', default: '20' },
      actor: { type: 'string', default: `cli:${process.env.USER ?? 'operator'}` },
    },
  });
  const { database, reference } = await openDatabase({ migrate: true });
  try {
    switch (action) {
      case 'get': {
        if (values.source && values['source-no']) {
          printJson(await getCustomerBySource(database.db, values.source, values['source-no']));
          return;
        }
        const ecifNo = positionals[0];
        if (!ecifNo) throw new UsageError(USAGE);
        const include = (values.include?.split(',') ?? []).filter(Boolean);
        const bad = include.filter((a) => !(SUBJECT_AREA_NAMES as string[]).includes(a));
        if (bad.length > 0)
          throw new EcifError('ECIF_VALIDATION', `Unknown subject area: ${bad.join(', ')}`);
        printJson(await getCustomer(database.db, ecifNo, { include: include as SubjectArea[] }));
        return;
      }
      case 'create': {
        const text = values.json ?? (values.file ? await readFile(values.file, 'utf8') : undefined);
        if (!text) throw new UsageError(USAGE);
        let input: CreateCustomerInput;
        try {
          input = JSON.parse(text) as CreateCustomerInput;
        } catch {
          throw new EcifError('ECIF_VALIDATION', 'The request is not valid JSON', {
            issues: [
              { field: 'body', code: 'JSON', message: 'is not valid JSON', severity: 'error' },
            ],
          });
        }
        const result = await createOrIdentify(database.db, await reference.get(), input, {
          actor: values.actor,
          requestId: `cli-${Date.now()}`,
        });
        printJson(result);
        return;
      }
      case 'find': {
        const limit = Number(values.limit);
        printJson(
          await searchCustomers(database.db, {
            idNo: values['id-no'],
            idType: values['id-type'],
            phone: values.phone,
            accountNo: values['account-no'],
            name: values.name,
            limit: Number.isInteger(limit) && limit > 0 && limit <= 200 ? limit : 20,
            offset: 0,
          }),
        );
        return;
      }
      default:
        throw new UsageError(USAGE);
    }
  } finally {
    await database.close();
  }
}
