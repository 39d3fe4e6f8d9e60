/**
 * The `motcua` command: operational subcommands. `start` runs the embedded
 * edition; `tracking rebuild` rebuilds tracking's read model; `kafka provision` creates the topics;
 * `keys …` manages integrators' API keys; `token …` mints an officer token for development.
 */
import { clockCommand } from './clock-command';
import { openApiCommand } from './openapi-command';
import { demoCommand } from './demo-command';
import { startEmbedded } from './embedded';
import { kafkaCommand } from './kafka-command';
import { keysCommand } from './keys-command';
import { tokenCommand } from './token-command';
import { postalPointsCommand } from './postal-points-command';
import { trackingCommand } from './tracking-command';

const usage = `usage: motcua <command>

commands:
  start [--no-demo] [--demo [--demo-every <seconds>]]
                      run the embedded edition: all six services, one SQLite file under MOTCUA_DATA_DIR (./data);
                      --demo keeps simulated citizens and officers working dossiers (a new one every 3 s by default)
  clock [show | set <time> | advance <duration> | reset]
                      move the demo clock of every process started with MOTCUA_CLOCK_FILE
  postal-points import <file.csv|file.json> [--out path]
                      check every row of the postal operator's list of postal points and write the
                      registry the notifier loads (default: the shipped sample file); nothing is written on a bad row
  tracking rebuild [--quiet-ms <ms>] [--timeout-s <s>] [--force]
                      project every business topic again into an empty read model and replace
                      tracking's read model with it (same settings as tracking: embedded file or Kafka)
  openapi [--out <dir>]
                      write each service's OpenAPI 3.1 document (as served at /openapi.json with the
                      default settings) to <dir>/<service>.json; default docs/openapi
  kafka provision [--file <topics.json>] [--replication-factor <n>] [--dry-run] [--add-partitions] [--timeout-s <s>]
                      create or adjust the Kafka topics declared in infra/kafka/topics.json (KAFKA_BROKERS);
                      idempotent. Exit 0 in sync, 3 changes pending, 4 conflicts for an operator
  demo [--intake-url <url>] [--tracking-url <url>] [--api-key <key>]
                      submit the demo dossier (sample data) to running services, unless tracking already shows a dossier
                      (as the portal: --api-key, MOTCUA_API_KEY, or a key it creates in the key store)
  keys create --integrator <id> --name <text> [--centres all|<ids>] [--operations all|<ops>] [--rate <per-minute>]
  keys list [--integrator <id>] | keys rotate <key-id> [--grace-hours <h>] | keys revoke <key-id>
                      integrators' API keys (stored hashed; shown once when created or rotated)
  token --role <role> --centre <centre-id> [--sub <id>] [--ttl-hours <h>] [--private-key <pem>]
                      an officer token: embedded edition (development secret), or RS256 with your own test key
  help                show this text

Each service also runs alone: node services/<name>/dist/main.js (see README, "Editions").
`;

/** `--demo [--demo-every <seconds>]` → milliseconds between citizens; undefined without `--demo`. */
export function demoTrafficOf(args: string[]): number | undefined | Error {
  if (!args.includes('--demo')) return undefined;
  const at = args.indexOf('--demo-every');
  if (at === -1) return 3000;
  const seconds = Number(args[at + 1]);
  if (!Number.isFinite(seconds) || seconds < 0.05 || seconds > 3600) return new Error(`--demo-every takes seconds between 0.05 and 3600, not "${args[at + 1] ?? ''}"`);
  return Math.round(seconds * 1000);
}

export function main(argv: string[]): void {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start': {
      const traffic = demoTrafficOf(rest);
      if (traffic instanceof Error) {
        process.stderr.write(`${traffic.message}\n\n${usage}`);
        process.exitCode = 2;
        return;
      }
      startEmbedded({ demo: !rest.includes('--no-demo'), ...(traffic === undefined ? {} : { trafficEveryMs: traffic }) }).catch((error: unknown) => {
        process.stderr.write(`motcua start failed: ${(error as Error).message}\n`);
        process.exit(1);
      });
      return;
    }
    case 'clock':
      clockCommand(rest);
      return;
    case 'postal-points':
      process.exitCode = postalPointsCommand(rest);
      return;
    case 'openapi':
      settle('openapi', openApiCommand(rest));
      return;
    case 'tracking':
      settle('tracking', trackingCommand(rest));
      return;
    case 'demo':
      settle('demo', demoCommand(rest));
      return;
    case 'kafka':
      settle('kafka', kafkaCommand(rest));
      return;
    case 'keys':
      settle('keys', keysCommand(rest));
      return;
    case 'token':
      settle('token', tokenCommand(rest));
      return;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(usage);
      return;
    default:
      process.stderr.write(`unknown command "${command}"\n\n${usage}`);
      process.exitCode = 2;
  }
}

/** An asynchronous command's exit code becomes the process's; a throw is exit code 1. */
function settle(command: string, running: Promise<number>): void {
  running.then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`motcua ${command} failed: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
