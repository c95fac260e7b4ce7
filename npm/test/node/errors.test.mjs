import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as gs from 'govshare';

test('errors are GovshareError with a stable code, Chinese message and location', () => {
  assert.throws(() => gs.httpMessageNormalize('{"method": 1}'), (e) => {
    assert.ok(gs.isGovshareError(e));
    assert.equal(e.name, 'GovshareError');
    assert.equal(e.code, 'invalid_value');
    assert.match(e.messageZh, /字段值无效/);
    assert.equal(e.line, 1);
    return true;
  });
});

test('version is semver', () => {
  assert.match(gs.version(), /^\d+\.\d+\.\d+$/);
});
