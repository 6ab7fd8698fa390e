import {
  creditCodeCheckChar,
  luhnCheckDigit,
  orgCodeCheckChar,
  residentIdCheckDigit,
} from '@ecif/core';

let counter = 0;

/** A valid 18-digit resident ID for a given birth date; `seq` makes it unique. */
export function residentId(
  birth = '1985-06-15',
  region = '360121',
  male = true,
  seq = ++counter,
): string {
  const s = String((seq % 499) * 2 + (male ? 1 : 0)).padStart(3, '0');
  const body = `${region}${birth.replaceAll('-', '')}${s}`;
  return body + residentIdCheckDigit(body);
}

export function creditCode(seq = ++counter, region = '360121'): string {
  const body8 = String(10000000 + (seq % 89999999)).slice(0, 8);
  const org = body8 + orgCodeCheckChar(body8);
  const body = `91${region}${org}`;
  return body + creditCodeCheckChar(body);
}

export function cardNo(seq = ++counter): string {
  const body = `621799${String(seq).padStart(12, '0')}`;
  return body + luhnCheckDigit(body);
}

export function mobile(seq = ++counter): string {
  return `138${String(seq).padStart(8, '0')}`;
}

export interface IndividualOverrides {
  system?: string;
  customerNo?: string;
  attributes?: Record<string, unknown>;
  ext?: Record<string, unknown>;
  areas?: Record<string, unknown[]>;
}

export function newIndividual(o: IndividualOverrides = {}) {
  const n = ++counter;
  return {
    kind: 'individual' as const,
    source: { system: o.system ?? 'CORE', customerNo: o.customerNo ?? `T${n}` },
    attributes: {
      name: '张伟',
      idType: 'RESIDENT_ID',
      idNo: residentId('1985-06-15', '360121', true, n),
      ...o.attributes,
    },
    ...(o.ext ? { ext: o.ext } : {}),
    ...(o.areas ? { areas: o.areas } : {}),
  };
}

export function newCorporate(o: IndividualOverrides = {}) {
  const n = ++counter;
  return {
    kind: 'corporate' as const,
    source: { system: o.system ?? 'CORE', customerNo: o.customerNo ?? `E${n}` },
    attributes: {
      name: '南昌县荷塘水稻种植专业合作社',
      creditCode: creditCode(n),
      legalRepName: '李建国',
      ...o.attributes,
    },
    ...(o.ext ? { ext: o.ext } : {}),
    ...(o.areas ? { areas: o.areas } : {}),
  };
}
