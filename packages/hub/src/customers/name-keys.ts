import { corporateNameKey, personNameKeys, type CustomerKind } from '@ecif/core';

/** Derived match and search keys of a name; the legal name itself is stored as given. */
export function nameColumns(
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

export function nameKeyOf(kind: CustomerKind, name: string): string {
  return kind === 'individual'
    ? personNameKeys(name).normalized
    : corporateNameKey(name).normalized;
}
