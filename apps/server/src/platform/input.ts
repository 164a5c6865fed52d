// Edge checks that apply to every route before its own schema: PostgreSQL cannot store the NUL
// character in text, so a NUL anywhere in the query, path or JSON body is refused up front with
// the field's name, rather than failing deep inside a transaction.
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 20 || value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\u0000')) return `${path}.${k.replaceAll('\u0000', '\\0')}`;
    const hit = findNul(v, `${path}.${k}`, depth + 1);
    if (hit) return hit;
  }
  return null;
}

export async function rejectNulBytes(request: FastifyRequest): Promise<void> {
  const hit = findNul(request.params, 'params') ?? findNul(request.query, 'query') ?? findNul(request.body, 'body');
  if (hit) throw new AppError('validation.nul_character', 'invalid', `${hit}: contains a NUL character`, [{ path: hit, message: 'contains a NUL character' }]);
}
