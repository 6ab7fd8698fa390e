import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions, maskUrl } from './logging.ts';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

describe('log redaction of personal data', () => {
  const samples: [string, Record<string, unknown>, string][] = [
    ['ID number', { input: { idNo: '11010519491231002X' } }, '11010519491231002X'],
    ['phone', { contact: { phone: '13800138000' } }, '13800138000'],
    ['contact value', { item: { value: '13800138000' } }, '13800138000'],
    ['e-mail', { c: { email: 'a@b.cn' } }, 'a@b.cn'],
    ['birth date', { c: { birthDate: '1949-12-31' } }, '1949-12-31'],
    ['name', { c: { name: '张三' } }, '张三'],
    ['account number', { a: { accountNo: '6217990000000000003' } }, '6217990000000000003'],
    ['address', { a: { fullText: '江西省南昌市南昌县莲塘镇' } }, '莲塘镇'],
    ['legal rep ID', { a: { legalRepIdNo: '440524188001010014' } }, '440524188001010014'],
    ['attributes', { c: { attributes: { idNo: 'X' } } }, 'idNo'],
    ['request body', { body: { idNo: '11010519491231002X' } }, '11010519491231002X'],
  ];
  it.each(samples)('%s never appears in clear', (_label, payload, secret) => {
    const { lines, stream } = capture();
    const log = pino(loggerOptions('info'), stream);
    log.info(payload, 'test.event');
    expect(lines.join('')).not.toContain(secret);
    expect(lines.join('')).toContain('[REDACTED]');
  });
});

describe('request URLs in logs', () => {
  it('mask personal lookup parameters but keep the rest', () => {
    expect(maskUrl('/api/v1/customers?idType=RESIDENT_ID&idNo=11010519491231002X&limit=5')).toBe(
      '/api/v1/customers?idType=RESIDENT_ID&idNo=[REDACTED]&limit=5',
    );
    expect(maskUrl('/api/v1/customers?phone=13800138000')).toBe(
      '/api/v1/customers?phone=[REDACTED]',
    );
    expect(maskUrl('/api/v1/customers?name=%E5%BC%A0&accountNo=6217')).toBe(
      '/api/v1/customers?name=[REDACTED]&accountNo=[REDACTED]',
    );
  });

  it('never carry request headers (credentials) into the log', () => {
    const { lines, stream } = capture();
    pino(loggerOptions('info'), stream).info(
      { req: { method: 'GET', url: '/x', headers: { authorization: 'Bearer secret-token' } } },
      'incoming request',
    );
    expect(lines.join('')).not.toContain('secret-token');
  });

  it('are masked by the request serializer', () => {
    const { lines, stream } = capture();
    const log = pino(loggerOptions('info'), stream);
    log.info(
      { req: { method: 'GET', url: '/api/v1/customers?phone=13800138000', id: 'r1' } },
      'incoming request',
    );
    expect(lines.join('')).not.toContain('13800138000');
    expect(lines.join('')).toContain('"requestId":"r1"');
  });
});
