import { ConfigError, loadConfig } from '../../lib/config';

describe('worker cache size', () => {
  test('when WORKER_MAX_CACHED_WORKFLOWS is unset, then the SDK default applies (no value)', () => {
    expect(loadConfig({}).WORKER_MAX_CACHED_WORKFLOWS).toBeUndefined();
  });

  test('when it is a non-negative integer, then the worker gets that number', () => {
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '200' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(200);
  });

  test('when it is not a non-negative integer, then start-up fails naming the variable', () => {
    for (const bad of ['-1', '1.5', 'many']) {
      expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: bad })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
    }
  });
});
