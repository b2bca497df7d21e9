// `npm run bench`: runs every benchmark, prints the figures and writes them to bench/results/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureStartup } from './startup.ts';

async function main(): Promise<void> {
  const machine = {
    cpus: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
  const startup = await measureStartup();
  const result = { at: new Date().toISOString(), machine, startup };
  console.log(JSON.stringify(result, null, 2));
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync(path.join('bench/results', 'startup.json'), `${JSON.stringify(result, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
