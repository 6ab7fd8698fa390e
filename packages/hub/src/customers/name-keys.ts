import {
  corporateNameKey,
  corporateNormalizedName,
  normalizeNameText,
  personNameKeys,
  type CustomerKind,
} from '@ecif/core';

type NameColumns = {
  name_norm: string;
  name_simplified: string;
  name_pinyin: string;
  name_initials: string;
};

// Romanizing a name is the costliest step of building a golden record, and a batch builds the
// same names again and again (a new customer, then its golden record; relatives; resends).
const memo = new Map<string, NameColumns>();
const MEMO_LIMIT = 50_000;

/** Derived match and search keys of a name; the legal name itself is stored as given. */
export function nameColumns(kind: CustomerKind, name: string): NameColumns {
  const key = `${kind}\u0000${name}`;
  let columns = memo.get(key);
  if (columns === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    columns = computeNameColumns(kind, name);
    memo.set(key, columns);
  }
  return { ...columns };
}

function computeNameColumns(
  kind: CustomerKind,
  name: string,
): { name_norm: string; name_simplified: string; name_pinyin: string; name_initials: string } {
  const person = personNameKeys(name);
  if (kind === 'individual') {
    return {
      name_norm: person.normalized,
      name_simplified: person.simplified,
      name_pinyin: person.pinyin,
      name_initials: person.initials,
    };
  }
  const corporate = corporateNameKey(name);
  return {
    name_norm: corporate.normalized,
    name_simplified: corporate.simplified,
    name_pinyin: person.pinyin,
    name_initials: person.initials,
  };
}

/** The normalized name identification compares: `name_norm` of {@link nameColumns}, cheaply. */
export function nameKeyOf(kind: CustomerKind, name: string): string {
  return kind === 'individual' ? normalizeNameText(name) : corporateNormalizedName(name);
}
