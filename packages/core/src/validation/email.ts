import type { Validation } from './issue.ts';
import { invalid, issue, valid } from './issue.ts';

// RFC 5322 dot-atom, widened to Unicode letters and digits (RFC 6531) for internationalised mail.
const ATOM = /^[\p{L}\p{N}\p{M}!#$%&'*+/=?^_`{|}~-]+$/u;
// LDH rule, widened to Unicode so IDN domains can stay in their readable U-label form.
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}-]*[\p{L}\p{N}\p{M}])?$/u;
const encoder = new TextEncoder();

function octets(s: string): number {
  return encoder.encode(s).length;
}

function localPartProblem(local: string): string | null {
  if (local === '') return 'local part is empty';
  if (octets(local) > 64) return 'local part is longer than 64 characters';
  const atoms = local.split('.');
  if (atoms.some((a) => a === '')) return 'local part cannot start or end with a dot or contain ..';
  if (!atoms.every((a) => ATOM.test(a))) return 'local part contains invalid characters';
  return null;
}

function domainProblem(domain: string): string | null {
  if (domain === '') return 'domain is empty';
  const labels = domain.split('.');
  if (labels.length < 2) return 'domain needs a dot';
  for (const label of labels) {
    if (label === '') return 'domain cannot start or end with a dot or contain ..';
    if (label.length > 63) {
      return `domain label ${label.slice(0, 10)}… is longer than 63 characters`;
    }
    if (!LABEL.test(label)) return `invalid domain label "${label}"`;
  }
  if (/^\d+$/.test(labels.at(-1) ?? '')) return 'top-level domain cannot be all digits';
  return null;
}

/**
 * Validate an e-mail address with a pragmatic RFC 5322 subset: dot-atom local parts (no quoted
 * strings, comments or IP literals, which customers never really use) and host names with Unicode
 * allowed. Folds the full-width `＠` and `。` that Chinese input methods produce, and lower-cases
 * only the domain, because the local part is case-sensitive by the standard.
 */
export function validateEmail(
  input: string,
  opts: { readonly field?: string } = {},
): Validation<{ email: string }> {
  const field = opts.field ?? 'email';
  const fail = (message: string) =>
    invalid<{ email: string }>(issue(field, 'EMAIL_FORMAT', message));

  const s = input.normalize('NFKC').trim();
  if (s === '') return fail('is empty');
  const at = s.lastIndexOf('@');
  if (at < 0) return fail('must contain an @');
  const local = s.slice(0, at);
  if (local.includes('@')) return fail('must contain only one @');
  const domain = s
    .slice(at + 1)
    .replace(/[。｡]/g, '.')
    .toLowerCase();

  const problem = localPartProblem(local) ?? domainProblem(domain);
  if (problem !== null) return fail(problem);
  const email = `${local}@${domain}`;
  if (octets(email) > 254) return fail('is longer than 254 characters');
  return valid({ email });
}
