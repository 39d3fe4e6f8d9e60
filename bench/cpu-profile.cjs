// Preloaded into every service process by `npm run bench -- --cpu-prof <dir>` (through
// NODE_OPTIONS, where Node 20 refuses --cpu-prof itself): records a V8 CPU profile
// from start to exit and writes it as <dir>/<script>-<pid>.cpuprofile, which Chrome
// DevTools and speedscope open. The in-thread inspector session answers synchronously,
// so the profile can be taken in the exit handler.
'use strict';
const { writeFileSync, mkdirSync } = require('node:fs');
const { basename, join } = require('node:path');
const { Session } = require('node:inspector');

const dir = process.env.MOTCUA_BENCH_CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      const script = (process.argv[1] ?? 'node').split('/').slice(-3).join('-').replace(/\.js$/, '');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${basename(script)}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
