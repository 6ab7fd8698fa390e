import type { BasicAttributes, BasicField, ExtAttributes } from '@ecif/core';

/** What a source sent, standardized: enough to update its cross-reference values. */
export interface SourceMessage {
  readonly attributes: BasicAttributes;
  readonly ext: ExtAttributes;
  readonly derived: readonly BasicField[];
}

export interface SourceState {
  readonly attributes: BasicAttributes;
  readonly attribute_times: Record<string, string>;
  readonly derived: Record<string, string>;
  readonly ext: ExtAttributes;
}

/**
 * A source's values after this message: given fields replace, others stay as last sent; a
 * field's time moves only when its value changed (or it had none), so "most recent" means the
 * last change, not the last resend.
 */
export function sourceState(
  std: SourceMessage,
  now: string,
  times: Record<string, string>,
  previous: BasicAttributes = {},
  previousExt: ExtAttributes = {},
): SourceState {
  const attributes: BasicAttributes = { ...previous, ...std.attributes };
  const ext: ExtAttributes = { ...previousExt, ...std.ext };
  for (const [field, value] of Object.entries(std.attributes)) {
    if (previous[field as keyof BasicAttributes] !== value || times[field] === undefined)
      times[field] = now;
  }
  for (const [name, value] of Object.entries(std.ext)) {
    if (previousExt[name] !== value || times[`ext.${name}`] === undefined)
      times[`ext.${name}`] = now;
  }
  const derived = Object.fromEntries(
    std.derived.map((f) => [f, f === 'orgCode' ? 'creditCode' : 'idNo']),
  );
  return { attributes, attribute_times: times, derived, ext };
}

/** The same, as the jsonb texts of a `customer_xref` write. */
export function sourceValues(
  std: SourceMessage,
  now: string,
  times: Record<string, string>,
  previous: BasicAttributes = {},
  previousExt: ExtAttributes = {},
) {
  const state = sourceState(std, now, times, previous, previousExt);
  return {
    attributes: JSON.stringify(state.attributes),
    attribute_times: JSON.stringify(state.attribute_times),
    derived: JSON.stringify(state.derived),
    ext: JSON.stringify(state.ext),
  };
}
