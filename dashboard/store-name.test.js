// node --test: the store-name rules as the form applies them (run by the Dashboard tests,
// DashboardNodeTests). StoreNameRulesTests compares every verdict with the C# rules word for word.
import test from 'node:test';
import assert from 'node:assert/strict';
import { validateStoreName } from './store-name.js';

test('validateStoreName: valid names pass', () => {
  for (const name of ['abc', 'shop1', 'my-shop-2024', 'a'.repeat(30)]) assert.equal(validateStoreName(name), null, name);
});

test('validateStoreName: each broken rule is named', () => {
  assert.match(validateStoreName(''), /empty/);
  assert.match(validateStoreName('ab'), /too short/);
  assert.match(validateStoreName('a'.repeat(31)), /the limit is 30/);
  assert.match(validateStoreName('Shop1'), /uppercase.*'shop1'/);
  assert.match(validateStoreName('shop_1'), /contains '_'/);
  assert.match(validateStoreName('shop 1'), /contains 'U\+0020'/);
  assert.match(validateStoreName('1shop'), /must start with a letter/);
  assert.match(validateStoreName('shop-'), /must not end with a hyphen/);
  assert.match(validateStoreName('sh--op'), /two hyphens/);
  assert.match(validateStoreName('admin'), /reserved/);
  assert.match(validateStoreName('kube-x'), /'kube-'/);
});
