import { EcifError, type BasicAttributes, type ExtAttributes } from '@ecif/core';
import type { Insertable, Kysely } from 'kysely';
import type { OpContext } from '../context.ts';
import type { CustomerChange, DB } from '../db/schema.generated.ts';
import type { ReferenceData } from '../reference/reference-data.ts';
import { basicFromRow, type CustomerRow } from './customer-row.ts';
import {
  findCustomerById,
  insertChanges,
  lockCustomer,
  updateCustomerRow,
} from './customer.repository.ts';

/**
 * One request's unit of work on one customer: the row is locked for the transaction, every
 * change is recorded (history + audit trail) under the same new version, and the version
 * moves once, at commit, only if something changed, so resending a request changes nothing.
 */
export interface WriteSession {
  readonly trx: Kysely<DB>;
  readonly ref: ReferenceData;
  readonly ctx: OpContext;
  readonly sourceSystem: string | null;
  readonly isNew: boolean;
  customer: CustomerRow;
  readonly nextVersion: number;
  readonly changes: Insertable<CustomerChange>[];
  committed: boolean;
}

export async function openSession(
  trx: Kysely<DB>,
  ref: ReferenceData,
  ctx: OpContext,
  customerId: string,
  options: {
    sourceSystem: string | null;
    expectedVersion?: number | undefined;
    allowInactive?: boolean;
    isNew?: boolean;
  },
): Promise<WriteSession> {
  const customer = await lockCustomer(trx, customerId);
  if (!customer) throw new EcifError('ECIF_CUSTOMER_NOT_FOUND');
  if (customer.status === 'merged') {
    const survivor = customer.merged_into
      ? await findCustomerById(trx, customer.merged_into)
      : undefined;
    throw new EcifError('ECIF_CUSTOMER_MERGED', undefined, {
      ecifNo: customer.ecif_no,
      survivorEcifNo: survivor?.ecif_no,
    });
  }
  if (customer.status === 'inactive' && !options.allowInactive) {
    throw new EcifError('ECIF_CUSTOMER_INACTIVE', undefined, { ecifNo: customer.ecif_no });
  }
  if (options.expectedVersion !== undefined && options.expectedVersion !== customer.version) {
    throw new EcifError('ECIF_VERSION_CONFLICT', undefined, {
      expectedVersion: options.expectedVersion,
      currentVersion: customer.version,
    });
  }
  const isNew = options.isNew ?? false;
  return {
    trx,
    ref,
    ctx,
    sourceSystem: options.sourceSystem,
    isNew,
    customer,
    nextVersion: isNew ? customer.version : customer.version + 1,
    changes: [],
    committed: false,
  };
}

export function recordChange(
  session: WriteSession,
  change: Pick<
    Insertable<CustomerChange>,
    'area' | 'operation' | 'item_id' | 'before' | 'after' | 'changed_fields'
  >,
): void {
  session.changes.push({
    customer_id: session.customer.id,
    version: session.nextVersion,
    actor: session.ctx.actor,
    source_system: session.sourceSystem,
    request_id: session.ctx.requestId,
    ...change,
  });
}

/** The basic snapshot kept in history: enough to show the customer as it was. */
export function basicSnapshot(row: CustomerRow): {
  status: string;
  attributes: BasicAttributes;
  ext: ExtAttributes;
} {
  return { status: row.status, attributes: basicFromRow(row), ext: row.ext as ExtAttributes };
}

export async function commitSession(
  session: WriteSession,
): Promise<{ customer: CustomerRow; changed: boolean }> {
  const changed = session.changes.length > 0;
  if (changed && !session.isNew) {
    session.customer = await updateCustomerRow(session.trx, session.customer.id, {
      version: session.nextVersion,
      updated_at: new Date(),
    });
  }
  await insertChanges(session.trx, session.changes);
  return { customer: session.customer, changed };
}
