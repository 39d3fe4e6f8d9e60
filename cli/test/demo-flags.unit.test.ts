import { demoTrafficOf } from '../src/main';

describe('motcua start --demo flags', () => {
  it('when --demo is absent, then there is no live traffic', () => {
    expect(demoTrafficOf([])).toBeUndefined();
    expect(demoTrafficOf(['--no-demo'])).toBeUndefined();
  });

  it('when --demo is given alone, then a citizen comes every 3 s', () => {
    expect(demoTrafficOf(['--demo'])).toBe(3000);
  });

  it('when --demo-every gives seconds, then that is the interval in milliseconds', () => {
    expect(demoTrafficOf(['--demo', '--demo-every', '0.5'])).toBe(500);
  });

  it('when --demo-every is not a sensible number of seconds, then it is an error naming the flag', () => {
    for (const bad of [['--demo', '--demo-every'], ['--demo', '--demo-every', 'soon'], ['--demo', '--demo-every', '0'], ['--demo', '--demo-every', '99999']]) {
      expect(demoTrafficOf(bad)).toEqual(expect.objectContaining({ message: expect.stringContaining('--demo-every') }));
    }
  });
});
