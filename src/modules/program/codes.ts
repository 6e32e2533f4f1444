import { randomInt } from 'node:crypto';

/** No 0/O or 1/I: codes are read aloud and typed at tills. */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A random code from an unambiguous alphabet (crypto-random, ~5 bits a character). */
export function randomCode(length: number, prefix = ''): string {
  let body = '';
  for (let i = 0; i < length; i++) body += ALPHABET[randomInt(ALPHABET.length)];
  return prefix + body;
}

/** Codes are compared in upper case without spaces or dashes, so "spring-10" and "SPRING10" are one code. */
export function normalizeCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}
