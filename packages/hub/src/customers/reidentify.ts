import { identificationProbes, type CustomerKind } from '@ecif/core';
import type { OpContext } from '../context.ts';
import { basicFromRow } from './customer-row.ts';
import { ecifNosOf, findByProbe, insertSimilar } from './customer.repository.ts';
import { mergeCustomers } from './merge.service.ts';
import type { WriteSession } from './write-session.ts';

/**
 * After a customer's identity fields changed, runs the identification tiers again on its
 * *golden* values (never on one source's say-so). Seed 004: when a source corrects the ID type,
 * number or name so that the customer now meets an auto-merge tier with another one, the two
 * are merged and the older number survives (`mode: 'merge'`). A steward's manual edit only
 * lists the hits as similar customers for review (`mode: 'suggest'`).
 * Returns the session of the customer that survives.
 */
export async function reidentify(
  session: WriteSession,
  ctx: OpContext,
  mode: 'merge' | 'suggest',
): Promise<WriteSession> {
  const { trx, ref, customer } = session;
  const kind = customer.kind as CustomerKind;
  const probes = identificationProbes(
    kind,
    basicFromRow(customer),
    customer.name_norm,
    ref.identificationRules,
  );
  const suspects: { customerId: string; suspectId: string; ruleCode: string; tier: number }[] = [];
  for (const probe of probes) {
    const { customerIds, inactiveIds } = await findByProbe(trx, probe);
    const others = customerIds.filter((id) => id !== customer.id);
    const target = others[0];
    if (mode === 'merge' && probe.rule.autoMerge && target !== undefined) {
      const numbers = await ecifNosOf(trx, [target]);
      const targetIsOlder = (numbers.get(target) ?? '').slice(1) < customer.ecif_no.slice(1);
      const survivor = targetIsOlder
        ? await mergeCustomers(trx, ref, target, session, ctx, { ruleCode: probe.rule.code })
        : await mergeCustomers(trx, ref, session, target, ctx, { ruleCode: probe.rule.code });
      return survivor;
    }
    for (const id of [...others, ...inactiveIds.filter((i) => i !== customer.id)]) {
      suspects.push({
        customerId: customer.id,
        suspectId: id,
        ruleCode: probe.rule.code,
        tier: probe.rule.tier,
      });
    }
  }
  await insertSimilar(trx, suspects);
  return session;
}
