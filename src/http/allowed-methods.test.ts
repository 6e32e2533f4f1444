import { describe, expect, it } from 'vitest';
import { createMethodIndex, listMethods } from './allowed-methods.js';

/** A slice of the real route table, HEAD included where Fastify exposes it beside GET. */
const ROUTES: [string, string][] = [
  ['GET', '/v1/members'],
  ['HEAD', '/v1/members'],
  ['POST', '/v1/members'],
  ['GET', '/v1/members/:id'],
  ['HEAD', '/v1/members/:id'],
  ['PATCH', '/v1/members/:id'],
  ['GET', '/v1/members/:id/balance'],
  ['HEAD', '/v1/members/:id/balance'],
  ['POST', '/v1/members/:id/ledger/:entryId/reversal'],
  ['POST', '/v1/orders'],
  ['GET', '/v1/segments/:id/members'],
  ['GET', '/v1/segments/:id/members.csv'],
  ['DELETE', '/v1/segments/:id'],
  ['GET', '/docs/static/*'],
];

function index() {
  const methods = createMethodIndex();
  for (const [method, pattern] of ROUTES) methods.add(method, pattern);
  return methods;
}

describe('createMethodIndex', () => {
  it.each([
    ['/v1/members', ['GET', 'HEAD', 'POST']],
    ['/v1/members?limit=5', ['GET', 'HEAD', 'POST']],
    ['/v1/members/mem_1', ['GET', 'HEAD', 'PATCH']],
    ['/v1/members/mem_1/balance', ['GET', 'HEAD']],
    ['/v1/members/mem_1/ledger/txn_1/reversal', ['POST']],
    ['/v1/orders', ['POST']],
    ['/v1/segments/seg_1', ['DELETE']],
    ['/v1/segments/seg_1/members.csv', ['GET']],
    ['/docs/static/swagger-ui.css', ['GET']],
    ['/v1/members/mem%201/balance', ['GET', 'HEAD']],
  ])('%s is served for %j', (url, methods) => {
    expect(index().methodsFor(url)).toEqual(methods);
  });

  it.each([
    ['an unknown path', '/v1/vouchers'],
    ['a deeper path than any route', '/v1/members/mem_1/balance/extra'],
    ['a trailing slash Fastify does not ignore', '/v1/orders/'],
    ['another case', '/V1/ORDERS'],
    ['a prefix of a route', '/v1'],
    ['a malformed escape', '/v1/members/%zz'],
  ])('%s is served for no method', (_, url) => {
    expect(index().methodsFor(url)).toEqual([]);
  });

  it('follows the routing options it is given, as Fastify would', () => {
    const lenient = createMethodIndex({ ignoreTrailingSlash: true, caseSensitive: false });
    lenient.add('POST', '/v1/orders');
    expect(lenient.methodsFor('/v1/orders/')).toEqual(['POST']);
    expect(lenient.methodsFor('/V1/Orders')).toEqual(['POST']);
  });

  it('a parameter longer than maxParamLength matches nothing, like Fastify’s own router', () => {
    const methods = createMethodIndex({ maxParamLength: 10 });
    methods.add('GET', '/v1/members/:id');
    expect(methods.methodsFor('/v1/members/mem_1')).toEqual(['GET']);
    expect(methods.methodsFor(`/v1/members/${'x'.repeat(11)}`)).toEqual([]);
  });

  it('takes the same pattern twice without complaint (routes told apart by constraints)', () => {
    const methods = createMethodIndex();
    methods.add('GET', '/v1/members');
    methods.add('GET', '/v1/members');
    expect(methods.methodsFor('/v1/members')).toEqual(['GET']);
  });

  it('lists methods in Allow order whatever the order they were added in', () => {
    const methods = createMethodIndex();
    for (const method of ['DELETE', 'PUT', 'OPTIONS', 'HEAD', 'PATCH', 'GET', 'POST']) methods.add(method, '/thing');
    expect(methods.methodsFor('/thing')).toEqual(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
  });
});

describe('listMethods', () => {
  it.each([
    [['POST'], 'POST'],
    [['GET', 'HEAD'], 'GET and HEAD'],
    [['GET', 'HEAD', 'POST'], 'GET, HEAD and POST'],
  ])('%j reads as %s', (methods, text) => {
    expect(listMethods(methods)).toBe(text);
  });
});
