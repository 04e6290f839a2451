import { expect, test, vi } from 'vitest';
import { listenForInterrupt } from './interrupt-signal.js';

test('the first interrupt sets the shared flag and aborts the signal; the second quits at once with exit 3', () => {
  const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
  const notices: string[] = [];
  const interrupt = listenForInterrupt((text) => notices.push(text));
  try {
    expect(Atomics.load(new Int32Array(interrupt.flag), 0)).toBe(0);
    process.emit('SIGINT');
    expect(Atomics.load(new Int32Array(interrupt.flag), 0)).toBe(1);
    expect(interrupt.signal.aborted).toBe(true);
    expect(exit).not.toHaveBeenCalled();
    process.emit('SIGTERM');
    expect(exit).toHaveBeenCalledWith(3);
    expect(notices).toEqual([expect.stringMatching(/^interrupted: stopping after the current run/), 'interrupted again: quitting without a summary\n']);
  } finally {
    interrupt.dispose();
    exit.mockRestore();
  }
  expect(process.listenerCount('SIGINT')).toBe(0);
});
