import { describe, expect, it } from 'vitest';

import { routeKey, RouteTable } from './route-table.ts';

const list = { method: 'GET', path: '/history/conversations', name: 'list' };
const rename = { method: 'PATCH', path: '/history/conversations/{conversationId}', name: 'rename' };
const remove = {
  method: 'DELETE',
  path: '/history/conversations/{conversationId}',
  name: 'remove',
};

describe('RouteTable', () => {
  const table = new RouteTable([list, rename, remove]);

  it('finds the route of the method and the resource template API Gateway matched', () => {
    expect(
      table.find({ httpMethod: 'PATCH', resource: '/history/conversations/{conversationId}' }),
    ).toBe(rename);
    expect(
      table.find({ httpMethod: 'DELETE', resource: '/history/conversations/{conversationId}' }),
    ).toBe(remove);
    expect(table.find({ httpMethod: 'GET', resource: '/history/conversations' })).toBe(list);
  });

  it('finds nothing for a method, resource or event it does not serve', () => {
    expect(table.find({ httpMethod: 'POST', resource: '/history/conversations' })).toBeUndefined();
    // A concrete path is not a template: API Gateway passes the template as `resource`.
    expect(
      table.find({ httpMethod: 'PATCH', resource: '/history/conversations/c-1' }),
    ).toBeUndefined();
    expect(table.find({} as never)).toBeUndefined();
  });

  it('refuses two routes for one method and resource', () => {
    expect(() => new RouteTable([list, { ...list, name: 'again' }])).toThrow(
      'Two routes serve GET /history/conversations',
    );
  });
});

describe('routeKey', () => {
  it('names a route as its method and resource', () => {
    expect(routeKey('GET', '/ml/models')).toBe('GET /ml/models');
  });
});
