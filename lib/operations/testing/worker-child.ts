/**
 * A worker-only process for the restart test (lib/operations/operations.test.ts): runs operation ticks
 * against DATABASE_URL until killed, printing one line per tick that did work. Started with
 * `node --import tsx lib/operations/testing/worker-child.ts <workerId>`.
 */
import { runOperationsTick } from "../engine";

const workerId = process.argv[2] ?? `child-${process.pid}`;
process.stdout.write(`READY ${workerId}\n`);
for (;;) {
  try {
    const n = await runOperationsTick({ workerId });
    if (n) process.stdout.write(`TICK ${n}\n`);
  } catch (e) {
    process.stdout.write(`ERROR ${(e as Error).message}\n`);
  }
  await new Promise((r) => setTimeout(r, 100));
}
