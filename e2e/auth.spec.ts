import { expect, test } from './fixtures';

test('requests without the token get 401', async ({ serve }) => {
  const { origin, url } = await serve();
  expect((await fetch(`${origin}/`)).status).toBe(401);
  expect((await fetch(`${origin}/index.html?token=wrong`)).status).toBe(401);
  expect((await fetch(`${origin}/upload?name=x.csv`, { method: 'POST', body: 'a,b\n1,2\n' })).status).toBe(401);
  // The printed URL itself works and hands out the cookie.
  const ok = await fetch(url);
  expect(ok.status).toBe(200);
  expect(ok.headers.get('set-cookie')).toContain('HttpOnly');
});
