import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateEmail } from './email.ts';

describe('validateEmail', () => {
  it.each([
    ['zhang.san@example.com', 'zhang.san@example.com'],
    ['  Zhang.San@Example.COM ', 'Zhang.San@example.com'],
    ['user+tag@mail.bank.cn', 'user+tag@mail.bank.cn'],
    ["o'brien_x-1@sub-domain.example.org", "o'brien_x-1@sub-domain.example.org"],
    ['123456789@qq.com', '123456789@qq.com'],
    ['a@b.co', 'a@b.co'],
    ['zhang＠qq.com', 'zhang@qq.com'],
    ['zhang@qq。com', 'zhang@qq.com'],
    ['ｚｈａｎｇ＠ＱＱ．ＣＯＭ', 'zhang@qq.com'],
    ['张三@例子.中国', '张三@例子.中国'],
    ['user@xn--fiqs8s.xn--fiqz9s', 'user@xn--fiqs8s.xn--fiqz9s'],
    ['user@MÜNCHEN.de', 'user@münchen.de'],
    ['x@1.2.3.com', 'x@1.2.3.com'],
  ])('accepts %j as %j', (input, email) => {
    expect(validateEmail(input)).toEqual({ ok: true, value: { email }, warnings: [] });
  });

  it.each([
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['zhang.qq.com', 'must contain an @'],
    ['a@b@c.com', 'must contain only one @'],
    ['"a@b"@c.com', 'must contain only one @'],
    ['@qq.com', 'local part is empty'],
    ['.zhang@qq.com', 'cannot start or end with a dot'],
    ['zhang.@qq.com', 'cannot start or end with a dot'],
    ['zhang..san@qq.com', 'contain ..'],
    ['zhang san@qq.com', 'local part contains invalid characters'],
    ['zhang(san)@qq.com', 'local part contains invalid characters'],
    ['zhang@', 'domain is empty'],
    ['zhang@localhost', 'domain needs a dot'],
    ['zhang@qq..com', 'domain cannot start or end with a dot'],
    ['zhang@.qq.com', 'domain cannot start or end with a dot'],
    ['zhang@qq.com.', 'domain cannot start or end with a dot'],
    ['zhang@-qq.com', 'invalid domain label "-qq"'],
    ['zhang@qq-.com', 'invalid domain label "qq-"'],
    ['zhang@q_q.com', 'invalid domain label "q_q"'],
    ['zhang@[127.0.0.1]', 'invalid domain label'],
    ['zhang@127.0.0.1', 'top-level domain cannot be all digits'],
    [`${'a'.repeat(65)}@qq.com`, 'local part is longer than 64 characters'],
    [`${'张'.repeat(22)}@qq.com`, 'local part is longer than 64 characters'],
    [`a@${'b'.repeat(64)}.com`, 'longer than 63 characters'],
    [
      `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(60)}.com`,
      'longer than 254',
    ],
  ])('rejects %j: %s', (input, message) => {
    const r = validateEmail(input, { field: 'contacts[1].value' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues).toHaveLength(1);
    expect(!r.ok && r.issues[0]).toMatchObject({
      field: 'contacts[1].value',
      code: 'EMAIL_FORMAT',
      severity: 'error',
    });
    expect(!r.ok && r.issues[0]?.message).toContain(message);
  });

  it('accepts the length limits exactly', () => {
    expect(validateEmail(`${'a'.repeat(64)}@qq.com`).ok).toBe(true);
    const atLimit = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
    expect(atLimit).toHaveLength(254);
    expect(validateEmail(atLimit).ok).toBe(true);
  });

  it('defaults the field to email', () => {
    const r = validateEmail('nope');
    expect(!r.ok && r.issues[0]?.field).toBe('email');
  });

  it('is idempotent, keeps the local part and lower-cases the domain', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9]{1,12}$/);
    const address = fc.tuple(
      fc.array(word, { minLength: 1, maxLength: 3 }),
      fc.array(word, { minLength: 2, maxLength: 4 }),
    );
    fc.assert(
      fc.property(address, ([localAtoms, labels]) => {
        fc.pre(!/^\d+$/.test(labels.at(-1) ?? ''));
        const local = localAtoms.join('.');
        const r = validateEmail(`${local}@${labels.join('.')}`);
        expect(r.ok && r.value.email).toBe(`${local}@${labels.join('.').toLowerCase()}`);
        if (r.ok) expect(validateEmail(r.value.email)).toEqual(r);
      }),
    );
  });
});
