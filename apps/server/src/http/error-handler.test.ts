import { describe, expect, it } from 'vitest';
import { loggableError } from './error-handler.ts';

describe('loggableError', () => {
  it('keeps the code and constraint of a database error but never the failing row', () => {
    const error = Object.assign(
      new Error('null value in column "name" violates not-null constraint'),
      {
        code: '23502',
        constraint: 'customer_name_not_null',
        table: 'customer',
        detail: 'Failing row contains (…, 张三, 11010519491231002X, …)',
        where: 'SQL statement',
      },
    );
    const logged = loggableError(error);
    expect(logged).toMatchObject({
      code: '23502',
      constraint: 'customer_name_not_null',
      table: 'customer',
    });
    expect(JSON.stringify(logged)).not.toContain('11010519491231002X');
    expect(JSON.stringify(logged)).not.toContain('张三');
  });
});
