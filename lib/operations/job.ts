import type { Job } from "@/lib/worker";
import { runOperationsTick } from "./engine";

/** drives tracked operations (create / upgrade / delete / node pools) to completion */
export const operationsJob: Job = {
  name: "operations",
  intervalMs: 1000,
  async run({ workerId, signal }) {
    // keep claiming while there is due work, one batch at a time
    for (let i = 0; i < 10 && !signal.aborted; i++) {
      if ((await runOperationsTick({ workerId })) === 0) break;
    }
  },
};
