import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrorsOf } from '../../api/http/httpError';

describe('fieldErrorsOf', () => {
  it('keeps the first message of each field', () => {
    const result = z.object({ age: z.number().int().min(0) }).safeParse({ age: -1.5 });
    expect(result.success).toBe(false);
    expect(Object.keys(fieldErrorsOf(result.error!))).toEqual(['age']);
  });

  it('reports fields named after Object.prototype members', () => {
    const result = z.object({ toString: z.string(), constructor: z.string() }).strict().safeParse({ toString: 1, constructor: 2 });
    expect(result.success).toBe(false);
    const errors = fieldErrorsOf(result.error!);
    expect(typeof errors.toString).toBe('string');
    expect(Object.hasOwn(errors, 'toString')).toBe(true);
    expect(Object.hasOwn(errors, 'constructor')).toBe(true);
  });
});
