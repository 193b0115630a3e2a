import { startServer } from '../support/temporal';

describe('starting a test server (startServer)', () => {
  const timeout = () => new Error('Failed to start ephemeral server: ephemeral server at 127.0.0.1:1 did not start within 5s. Make sure …');

  test('when the server misses the SDK start-up deadline twice, then the third start is used', async () => {
    const start = jest.fn<Promise<string>, []>().mockRejectedValueOnce(timeout()).mockRejectedValueOnce(timeout()).mockResolvedValue('env');
    await expect(startServer(start)).resolves.toBe('env');
    expect(start).toHaveBeenCalledTimes(3);
  });

  test('when it misses the deadline every time, then the last failure is thrown after the allowed attempts', async () => {
    const start = jest.fn<Promise<string>, []>().mockRejectedValue(timeout());
    await expect(startServer(start, 2)).rejects.toThrow('did not start within');
    expect(start).toHaveBeenCalledTimes(2);
  });

  test('when the start fails for another reason, then it is thrown at once without a retry', async () => {
    const start = jest.fn<Promise<string>, []>().mockRejectedValue(new Error('ephemeral server executable does not exist: /x'));
    await expect(startServer(start)).rejects.toThrow('does not exist');
    expect(start).toHaveBeenCalledTimes(1);
  });
});
